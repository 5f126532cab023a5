//! Diagnosis of `SignatureDoesNotMatch`: the service quotes the string to sign it computed,
//! so comparing it with the console's own distinguishes a wrong secret from a request that the
//! proxy or the encoding changed.

use percent_encoding::percent_decode_str;

use crate::redact::REDACTED;

/// Text that precedes the server's string to sign in the error message.
const SERVER_STRING_MARKER: &str = "server string to sign is:";

/// Parameters whose values must not be shown in a diagnosis.
/// A name matches when it is the parameter itself or ends with `.Name`
/// (`ImageRegistryCredential.1.Password`).
const SECRET_PARAMETERS: &[&str] = &["SecurityToken", "Signature", "Password"];

/// The cause of a signature mismatch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureDiagnosis {
    /// Both sides signed the same string, so the key differs: the secret does not belong
    /// to the AccessKey ID.
    WrongSecret,
    /// The request reached the service with another method than the one signed.
    MethodDiffers { local: String, server: String },
    /// The first parameter whose encoded value differs, or that one side lacks. Values are
    /// shown percent-encoded, as signed, with secret parameters redacted.
    ParameterDiffers {
        parameter: String,
        local: Option<String>,
        server: Option<String>,
    },
    /// The message does not quote a string to sign, or it cannot be read.
    Unknown,
}

impl SignatureDiagnosis {
    /// Returns one sentence for the user.
    pub fn explain(&self) -> String {
        match self {
            Self::WrongSecret => {
                "The service signed the same request text, so the AccessKey secret \
                                  does not belong to this AccessKey ID. Paste the secret again."
                    .to_string()
            }
            Self::MethodDiffers { local, server } => format!(
                "The console signed a {local} request but the service received a {server} request; \
                 check that the proxy forwards the method unchanged."
            ),
            Self::ParameterDiffers {
                parameter,
                local,
                server,
            } => {
                let change = match (local, server) {
                    (Some(local), Some(server)) => format!(
                        "{parameter} was signed as {local} but the service received {server}"
                    ),
                    (Some(local), None) => {
                        format!("{parameter} was signed as {local} but did not reach the service")
                    }
                    (None, Some(server)) => format!(
                        "the service received {parameter} as {server}, which the console did \
                         not sign"
                    ),
                    (None, None) => format!("{parameter} differs"),
                };
                format!(
                    "The request changed on the way: {change}. Check that the proxy forwards \
                     the query and body unchanged."
                )
            }
            Self::Unknown => "The service did not say what it signed; check the AccessKey secret \
                              and that the proxy forwards requests unchanged."
                .to_string(),
        }
    }
}

/// Extracts the server's string to sign from a `SignatureDoesNotMatch` message.
pub fn server_string_to_sign(message: &str) -> Option<&str> {
    let start = message.find(SERVER_STRING_MARKER)? + SERVER_STRING_MARKER.len();
    let quoted = message[start..].trim();
    let end = quoted.find(char::is_whitespace).unwrap_or(quoted.len());
    Some(&quoted[..end]).filter(|text| !text.is_empty())
}

/// Splits a string to sign into its method and its canonical `(key, encoded value)` pairs.
fn split_string_to_sign(string_to_sign: &str) -> Option<(String, Vec<(String, String)>)> {
    let mut parts = string_to_sign.splitn(3, '&');
    let method = parts.next()?.to_string();
    let _path = parts.next()?;
    let encoded_query = parts.next()?;
    let query = percent_decode_str(encoded_query).decode_utf8().ok()?;
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key.to_string(), value.to_string())
        })
        .collect();
    Some((method, pairs))
}

fn is_secret(key: &str) -> bool {
    SECRET_PARAMETERS
        .iter()
        .any(|name| key == *name || key.ends_with(&format!(".{name}")))
}

/// Returns the percent-escape (or the single character) of `value` that covers byte
/// `index`, so a secret value can be described by its first difference alone.
fn token_at(value: &str, index: usize) -> String {
    let bytes = value.as_bytes();
    let start = (index.saturating_sub(2)..=index)
        .find(|&start| bytes.get(start) == Some(&b'%') && start + 2 >= index)
        .unwrap_or(index);
    let end = if bytes.get(start) == Some(&b'%') {
        start + 3
    } else {
        start + 1
    };
    value
        .get(start..end.min(value.len()))
        .unwrap_or_default()
        .to_string()
}

/// Returns how the two values are shown: as they are, or for a secret parameter only the
/// escape or character where they first differ (the encoding is what can go wrong; the
/// rest of the value stays hidden).
fn shown_values(
    key: &str,
    local: Option<&String>,
    server: Option<&String>,
) -> (Option<String>, Option<String>) {
    if !is_secret(key) {
        return (local.cloned(), server.cloned());
    }
    let (Some(local), Some(server)) = (local, server) else {
        return (
            local.map(|_| REDACTED.to_string()),
            server.map(|_| REDACTED.to_string()),
        );
    };
    let first_difference = local
        .bytes()
        .zip(server.bytes())
        .position(|(left, right)| left != right)
        .unwrap_or(local.len().min(server.len()));
    let describe = |value: &str| {
        let token = token_at(value, first_difference);
        if token.starts_with('%') || token == "+" {
            format!("{REDACTED} with `{token}`")
        } else {
            REDACTED.to_string()
        }
    };
    (Some(describe(local)), Some(describe(server)))
}

/// Compares the console's string to sign with the one quoted in the service's message.
pub fn diagnose_signature(local_string_to_sign: &str, server_message: &str) -> SignatureDiagnosis {
    let Some(server) = server_string_to_sign(server_message) else {
        return SignatureDiagnosis::Unknown;
    };
    if server == local_string_to_sign {
        return SignatureDiagnosis::WrongSecret;
    }
    let (Some((local_method, local_pairs)), Some((server_method, server_pairs))) = (
        split_string_to_sign(local_string_to_sign),
        split_string_to_sign(server),
    ) else {
        return SignatureDiagnosis::Unknown;
    };
    if local_method != server_method {
        return SignatureDiagnosis::MethodDiffers {
            local: local_method,
            server: server_method,
        };
    }

    let mut keys: Vec<&String> = local_pairs
        .iter()
        .chain(&server_pairs)
        .map(|(k, _)| k)
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let local = local_pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let server = server_pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        if local != server {
            let (local, server) = shown_values(key, local, server);
            return SignatureDiagnosis::ParameterDiffers {
                parameter: key.clone(),
                local,
                server,
            };
        }
    }
    SignatureDiagnosis::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signer::{canonical_query, string_to_sign, Method};

    fn local(password: &str) -> String {
        local_with("ImageRegistryCredential.1.Password", password)
    }

    fn local_with(name: &str, value: &str) -> String {
        let params = [("Action", "CreateImageCache"), (name, value)];
        string_to_sign(Method::Get, &canonical_query(&params))
    }

    fn message(server_string: &str) -> String {
        format!("Specified signature is not matched with our calculation. server string to sign is:{server_string}")
    }

    #[test]
    fn same_string_means_wrong_secret() {
        let ours = local("p w");
        assert_eq!(
            diagnose_signature(&ours, &message(&ours)),
            SignatureDiagnosis::WrongSecret
        );
    }

    #[test]
    fn plus_for_space_is_found() {
        let ours = local_with("ImageCacheName", "p w");
        let theirs = ours.replace("p%2520w", "p%252Bw");
        let diagnosis = diagnose_signature(&ours, &message(&theirs));
        assert_eq!(
            diagnosis,
            SignatureDiagnosis::ParameterDiffers {
                parameter: "ImageCacheName".into(),
                local: Some("p%20w".into()),
                server: Some("p%2Bw".into()),
            }
        );
    }

    #[test]
    fn secret_difference_shows_only_the_escape() {
        let ours = local("pass word");
        let theirs = ours.replace("pass%2520word", "pass%252Bword");
        let diagnosis = diagnose_signature(&ours, &message(&theirs));
        assert_eq!(
            diagnosis,
            SignatureDiagnosis::ParameterDiffers {
                parameter: "ImageRegistryCredential.1.Password".into(),
                local: Some("<redacted> with `%20`".into()),
                server: Some("<redacted> with `%2B`".into()),
            }
        );
        let explained = diagnosis.explain();
        assert!(!explained.contains("pass"), "{explained}");
    }

    #[test]
    fn method_change_is_found() {
        let ours = local("x");
        let theirs = ours.replacen("GET", "POST", 1);
        let diagnosis = diagnose_signature(&ours, &message(&theirs));
        assert_eq!(
            diagnosis,
            SignatureDiagnosis::MethodDiffers {
                local: "GET".into(),
                server: "POST".into()
            }
        );
    }

    #[test]
    fn token_value_is_never_shown() {
        let ours = string_to_sign(Method::Get, &canonical_query(&[("SecurityToken", "tok-a")]));
        let theirs = string_to_sign(Method::Get, &canonical_query(&[("SecurityToken", "tok-b")]));
        let diagnosis = diagnose_signature(&ours, &message(&theirs));
        let explained = diagnosis.explain();
        assert!(!explained.contains("tok-a"), "{explained}");
        assert!(!explained.contains("tok-b"), "{explained}");
        assert!(explained.contains("SecurityToken"), "{explained}");
    }

    #[test]
    fn registry_password_is_never_shown() {
        let ours = local("hunter22");
        let theirs = local("hunter23");
        let explained = diagnose_signature(&ours, &message(&theirs)).explain();
        assert!(!explained.contains("hunter2"), "{explained}");
        assert!(
            explained.contains("ImageRegistryCredential.1.Password"),
            "{explained}"
        );
    }

    #[test]
    fn wrong_secret_text() {
        let ours = local("x");
        assert_eq!(
            diagnose_signature(&ours, &message(&ours)).explain(),
            "The service signed the same request text, so the AccessKey secret does not belong \
             to this AccessKey ID. Paste the secret again."
        );
    }

    #[test]
    fn changed_encoding_text() {
        let ours = local_with("Tag.1.Value", "web ops");
        let theirs = ours.replace("web%2520ops", "web%252Bops");
        assert_eq!(
            diagnose_signature(&ours, &message(&theirs)).explain(),
            "The request changed on the way: Tag.1.Value was signed as web%20ops but the service \
             received web%2Bops. Check that the proxy forwards the query and body unchanged."
        );
    }

    #[test]
    fn missing_parameter_text() {
        let ours = local_with("ImageCacheName", "web");
        let theirs = string_to_sign(
            Method::Get,
            &canonical_query(&[("Action", "CreateImageCache")]),
        );
        assert_eq!(
            diagnose_signature(&ours, &message(&theirs)).explain(),
            "The request changed on the way: ImageCacheName was signed as web but did not reach \
             the service. Check that the proxy forwards the query and body unchanged."
        );
    }

    #[test]
    fn unknown_text() {
        assert_eq!(
            diagnose_signature("GET&%2F&A%3D1", "Signature mismatch").explain(),
            "The service did not say what it signed; check the AccessKey secret and that the \
             proxy forwards requests unchanged."
        );
    }

    #[test]
    fn message_without_string_is_unknown() {
        assert_eq!(
            diagnose_signature("GET&%2F&A%3D1", "Signature mismatch"),
            SignatureDiagnosis::Unknown
        );
    }
}
