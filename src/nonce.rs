//! Random identifiers: the `SignatureNonce` of each attempt and the `ClientToken` of each
//! create or delete.

/// Formats 16 random bytes as a version 4 UUID (RFC 9562): the version nibble is set to 4
/// and the variant bits to `10`.
pub fn format_uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_has_version_and_variant() {
        let uuid = format_uuid_v4([0xff; 16]);
        assert_eq!(uuid, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let zero = format_uuid_v4([0; 16]);
        assert_eq!(zero, "00000000-0000-4000-8000-000000000000");
    }
}
