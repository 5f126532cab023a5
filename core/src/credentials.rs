//! Checks of the AccessKey pair and STS token as pasted into the settings, before any
//! request is signed with them.

use crate::request::Credentials;

/// A problem with a pasted credential, naming the settings field and the fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialIssue {
    /// `access_key_id`, `access_key_secret` or `security_token`.
    pub field: &'static str,
    /// Whether the console refuses to send until it is fixed.
    pub blocking: bool,
    pub message: String,
}

/// Builds credentials from the settings fields, trimming the whitespace that copying
/// from a console or a terminal often adds around each value.
pub fn credentials_from_input(
    access_key_id: &str,
    access_key_secret: &str,
    security_token: &str,
) -> Credentials {
    Credentials::new(access_key_id.trim(), access_key_secret.trim())
        .with_security_token(security_token.trim())
}

/// Checks the settings fields and returns every issue found.
pub fn check_credentials(
    access_key_id: &str,
    access_key_secret: &str,
    security_token: &str,
) -> Vec<CredentialIssue> {
    let mut issues = Vec::new();
    let fields = [
        ("access_key_id", "AccessKey ID", access_key_id),
        ("access_key_secret", "AccessKey secret", access_key_secret),
        ("security_token", "Security token", security_token),
    ];
    for (field, label, value) in fields {
        if value.trim().chars().any(char::is_whitespace) {
            issues.push(CredentialIssue {
                field,
                blocking: true,
                message: format!(
                    "{label} contains a space or line break; paste it again as one piece."
                ),
            });
        }
    }
    for (field, label, value) in &fields[..2] {
        if value.trim().is_empty() {
            issues.push(CredentialIssue {
                field,
                blocking: true,
                message: format!(
                    "{label} is required; copy it from the RAM console or your STS response."
                ),
            });
        }
    }

    let temporary = access_key_id.trim().starts_with("STS.");
    let has_token = !security_token.trim().is_empty();
    if temporary && !has_token {
        issues.push(CredentialIssue {
            field: "security_token",
            blocking: false,
            message:
                "An AccessKey ID that starts with STS. is temporary and needs its security token; \
                      paste the token from the same AssumeRole response."
                    .to_string(),
        });
    }
    if !temporary && has_token && !access_key_id.trim().is_empty() {
        issues.push(CredentialIssue {
            field: "security_token",
            blocking: false,
            message: "A security token goes with a temporary AccessKey ID that starts with STS.; \
                      clear the token when you use a permanent AccessKey."
                .to_string(),
        });
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_surrounding_whitespace() {
        let credentials = credentials_from_input(" id\n", "\tsecret ", "  ");
        assert_eq!(credentials.access_key_id, "id");
        assert_eq!(credentials.access_key_secret.expose(), "secret");
        assert_eq!(credentials.security_token, None);
    }

    #[test]
    fn flags_whitespace_inside() {
        let issues = check_credentials("id", "sec ret", "");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "access_key_secret");
        assert!(issues[0].blocking);
        assert_eq!(
            issues[0].message,
            "AccessKey secret contains a space or line break; paste it again as one piece."
        );
    }

    #[test]
    fn warns_about_sts_key_without_token() {
        let issues = check_credentials("STS.NUgYrLnoC", "secret", "");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "security_token");
        assert!(!issues[0].blocking);
    }

    #[test]
    fn sts_warning_text() {
        let issues = check_credentials(" STS.NUgYrLnoC ", "secret", " ");
        assert_eq!(
            issues[0].message,
            "An AccessKey ID that starts with STS. is temporary and needs its security token; \
             paste the token from the same AssumeRole response."
        );
    }

    #[test]
    fn token_with_permanent_key_text() {
        let issues = check_credentials("LTAI5tExample", "secret", "token");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "security_token");
        assert!(!issues[0].blocking);
        assert_eq!(
            issues[0].message,
            "A security token goes with a temporary AccessKey ID that starts with STS.; \
             clear the token when you use a permanent AccessKey."
        );
    }

    #[test]
    fn line_break_inside_token_blocks() {
        let issues = check_credentials("STS.abc", "secret", "tok\nen");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "security_token");
        assert!(issues[0].blocking);
        assert_eq!(
            issues[0].message,
            "Security token contains a space or line break; paste it again as one piece."
        );
    }

    #[test]
    fn surrounding_whitespace_is_no_issue() {
        assert_eq!(
            check_credentials(" LTAI5tExample\n", "\tsecret ", ""),
            vec![]
        );
    }

    #[test]
    fn complete_pair_has_no_issue() {
        assert_eq!(check_credentials("LTAI5tExample", "secret", ""), vec![]);
        assert_eq!(check_credentials("STS.abc", "secret", "token"), vec![]);
    }

    #[test]
    fn missing_values_block() {
        let issues = check_credentials("", "", "");
        let fields: Vec<_> = issues.iter().map(|issue| issue.field).collect();
        assert_eq!(fields, ["access_key_id", "access_key_secret"]);
    }
}
