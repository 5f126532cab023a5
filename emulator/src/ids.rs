//! Random resource ids in the service's formats.

use uuid::Uuid;

const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Returns `len` random lowercase letters and digits.
fn random_alphanumeric(len: usize) -> String {
    let mut text = String::with_capacity(len);
    while text.len() < len {
        // Each v4 UUID has 122 random bits; 16 of its bytes give 16 characters with a bias
        // below 1% (256 is not a multiple of 36), which is harmless for made-up ids.
        for byte in Uuid::new_v4().into_bytes() {
            if text.len() == len {
                break;
            }
            text.push(ALPHANUMERIC[usize::from(byte) % ALPHANUMERIC.len()] as char);
        }
    }
    text
}

/// Returns a new image cache id: `imc-` and 20 lowercase letters and digits.
pub fn image_cache_id() -> String {
    format!("imc-{}", random_alphanumeric(20))
}

/// Returns a new id for the temporary instance that builds a cache.
pub fn container_group_id() -> String {
    format!("eci-{}", random_alphanumeric(20))
}

/// Returns a new disk snapshot id.
pub fn snapshot_id() -> String {
    format!("s-{}", random_alphanumeric(20))
}

/// Returns the hexadecimal suffix of an event name (`<cache name>.<suffix>`).
pub fn event_suffix() -> String {
    let value = Uuid::new_v4().as_u128() as u64;
    format!("{value:016x}")
}

/// Returns a new request id (a v4 UUID in upper case, as the service writes them).
pub fn request_id() -> String {
    Uuid::new_v4().to_string().to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_cache_id_format() {
        let id = image_cache_id();
        let suffix = id.strip_prefix("imc-").unwrap();
        assert_eq!(suffix.len(), 20);
        assert!(
            suffix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "{id}"
        );
    }

    #[test]
    fn ids_differ() {
        assert_ne!(image_cache_id(), image_cache_id());
        assert_ne!(request_id(), request_id());
    }
}
