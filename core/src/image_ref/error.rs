//! Errors for invalid image references and registry addresses, with messages that name
//! the fix.

use std::fmt;

use super::{NAME_MAX_LEN, OTHER_DIGEST_MIN_HEX, TAG_MAX_LEN};

/// An invalid image reference or registry address. The [`fmt::Display`] text is one or
/// two sentences: the problem and its fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageRefError {
    Empty,
    /// Whitespace at `position` (1-based, in characters).
    Whitespace {
        position: usize,
        suggestion: Option<String>,
    },
    /// A URL scheme such as `https://` in front of the reference.
    Scheme {
        scheme: String,
        suggestion: Option<String>,
    },
    /// A character that looks like an ASCII one but is not (`：`, U+FF1A, for `:`), or an
    /// invisible one (U+200B), at `position` (1-based, in characters). `replacement` is the
    /// ASCII character it resembles, or `None` for an invisible character.
    LookAlike {
        character: char,
        position: usize,
        replacement: Option<char>,
        suggestion: Option<String>,
    },
    /// A login in front of the registry (`user@registry.example.com/app`). The login is not
    /// kept, because it may contain a password.
    UserInfo {
        suggestion: Option<String>,
    },
    /// More than one `@`, though only a digest follows one.
    SeveralAtSigns {
        count: usize,
        suggestion: Option<String>,
    },
    /// Nothing before the `:tag` or `@digest`.
    MissingName,
    /// An empty `/`-separated component: `a//b`, `/a` or `a/`.
    EmptyComponent {
        suggestion: Option<String>,
    },
    /// An uppercase letter in the repository path.
    Uppercase {
        suggestion: Option<String>,
    },
    InvalidPathCharacter {
        component: String,
        character: char,
    },
    /// A run of separators other than `.`, `_`, `__` or one or more `-`.
    InvalidSeparator {
        component: String,
        separator: String,
    },
    SeparatorAtStart {
        component: String,
        suggestion: Option<String>,
    },
    SeparatorAtEnd {
        component: String,
        suggestion: Option<String>,
    },
    InvalidHost {
        host: String,
    },
    InvalidPort {
        port: String,
    },
    /// A registry address with a path (`registry.example.com/v2`).
    RegistryWithPath {
        suggestion: Option<String>,
    },
    /// A `:` with nothing after it.
    EmptyTag,
    TagTooLong {
        length: usize,
    },
    InvalidTagStart {
        tag: String,
        character: char,
    },
    InvalidTagCharacter {
        tag: String,
        character: char,
    },
    InvalidDigest {
        digest: String,
        problem: DigestProblem,
    },
    /// The repository name (host, port and path) is longer than [`NAME_MAX_LEN`].
    NameTooLong {
        length: usize,
    },
    /// Neither a tag nor a digest, from [`ImageRef::parse_versioned`].
    MissingTagOrDigest {
        suggestion: Option<String>,
    },
}

/// The problem with the digest after `@`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DigestProblem {
    Empty,
    MissingAlgorithm,
    InvalidAlgorithm {
        algorithm: String,
    },
    /// `SHA256` instead of `sha256`.
    UppercaseAlgorithm {
        algorithm: String,
    },
    WrongLength {
        algorithm: String,
        expected: usize,
        actual: usize,
    },
    /// A known algorithm with a character outside `0-9a-f`.
    NotLowercaseHex {
        algorithm: String,
        character: char,
    },
    /// Another algorithm with fewer than [`OTHER_DIGEST_MIN_HEX`] hex digits.
    HexTooShort {
        actual: usize,
    },
    /// Another algorithm with a character outside `0-9a-fA-F`.
    NotHex {
        character: char,
    },
}

impl ImageRefError {
    /// Returns the corrected reference, when a single fix turns the input into one that
    /// parses.
    pub fn suggestion(&self) -> Option<&str> {
        let suggestion = match self {
            Self::Whitespace { suggestion, .. }
            | Self::Scheme { suggestion, .. }
            | Self::LookAlike { suggestion, .. }
            | Self::UserInfo { suggestion }
            | Self::SeveralAtSigns { suggestion, .. }
            | Self::EmptyComponent { suggestion }
            | Self::Uppercase { suggestion }
            | Self::SeparatorAtStart { suggestion, .. }
            | Self::SeparatorAtEnd { suggestion, .. }
            | Self::RegistryWithPath { suggestion }
            | Self::MissingTagOrDigest { suggestion } => suggestion,
            _ => return None,
        };
        suggestion.as_deref()
    }
}

impl std::error::Error for ImageRefError {}

impl fmt::Display for ImageRefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("The value is empty; enter an image such as `nginx:1.25`."),
            Self::Whitespace {
                position,
                suggestion,
            } => write_with_fix(
                f,
                &format!("It contains whitespace at character {position}"),
                suggestion,
                "remove it",
            ),
            Self::Scheme { scheme, suggestion } => write_with_fix(
                f,
                &format!(
                    "It starts with the scheme `{scheme}`, which registry addresses and image \
                     references never have"
                ),
                suggestion,
                "remove the scheme",
            ),
            Self::LookAlike {
                character,
                position,
                replacement: Some(replacement),
                suggestion,
            } => write_with_fix(
                f,
                &format!(
                    "It contains `{character}` (U+{:04X}) at character {position}, which looks \
                     like `{replacement}` but is a different character",
                    u32::from(*character)
                ),
                suggestion,
                &format!("type `{replacement}` instead"),
            ),
            Self::LookAlike {
                character,
                position,
                replacement: None,
                suggestion,
            } => write_with_fix(
                f,
                &format!(
                    "It contains the invisible character U+{:04X} at character {position}",
                    u32::from(*character)
                ),
                suggestion,
                "delete it",
            ),
            Self::UserInfo {
                suggestion: Some(suggestion),
            } => write!(
                f,
                "It starts with a user name and `@`, which image references and registry \
                 addresses never have; enter the login as a registry credential instead. Use \
                 `{suggestion}`."
            ),
            Self::UserInfo { suggestion: None } => f.write_str(
                "It starts with a user name and `@`, which image references and registry \
                 addresses never have. Remove them, and enter the login as a registry \
                 credential instead.",
            ),
            Self::SeveralAtSigns { count, suggestion } => write_with_fix(
                f,
                &format!(
                    "It contains `@` {count} times, but a reference has at most one, before its \
                     digest"
                ),
                suggestion,
                "keep only the `@` before the digest",
            ),
            Self::MissingName => f.write_str(
                "It has no repository name before the tag or digest; write the image name \
                 first, such as `nginx:1.25`.",
            ),
            Self::EmptyComponent { suggestion } => write_with_fix(
                f,
                "The repository path has an empty component (`//`, or a `/` at the start or end)",
                suggestion,
                "remove the extra `/`",
            ),
            Self::Uppercase { suggestion } => write_with_fix(
                f,
                "The repository path must be lowercase, because only a tag may contain \
                 uppercase letters",
                suggestion,
                "lowercase the path",
            ),
            Self::InvalidPathCharacter {
                component,
                character,
            } => write!(
                f,
                "The path component `{component}` contains `{}`; a path component may \
                 contain only lowercase letters, digits and the separators `.`, `_`, `__` \
                 and `-`.",
                character.escape_default()
            ),
            Self::InvalidSeparator {
                component,
                separator,
            } => write!(
                f,
                "The path component `{component}` contains the separator `{separator}`; \
                 between letters and digits use one `.`, one `_`, two `__`, or one or more \
                 `-`."
            ),
            Self::SeparatorAtStart {
                component,
                suggestion,
            } => write_with_fix(
                f,
                &format!(
                    "The path component `{component}` starts with a separator, but a component \
                     must start with a lowercase letter or digit"
                ),
                suggestion,
                "remove the separator",
            ),
            Self::SeparatorAtEnd {
                component,
                suggestion,
            } => write_with_fix(
                f,
                &format!(
                    "The path component `{component}` ends with a separator, but a component \
                     must end with a lowercase letter or digit"
                ),
                suggestion,
                "remove the separator",
            ),
            Self::InvalidHost { host } => write!(
                f,
                "The registry host `{host}` is invalid; a host is labels of letters, digits \
                 and inner hyphens separated by dots, such as `registry.example.com`, or an \
                 IPv6 address in brackets."
            ),
            Self::InvalidPort { port } => write!(
                f,
                "The registry port `{port}` is invalid; a port is a number from 1 to 65535."
            ),
            Self::RegistryWithPath { suggestion } => write_with_fix(
                f,
                "A registry address is a host with an optional port, without a path",
                suggestion,
                "remove the path",
            ),
            Self::EmptyTag => f.write_str(
                "The tag after `:` is empty; add a tag such as `1.0`, or remove the `:`.",
            ),
            Self::TagTooLong { length } => write!(
                f,
                "The tag is {length} characters long, but at most {TAG_MAX_LEN} are allowed; \
                 use a shorter tag."
            ),
            Self::InvalidTagStart { tag, character } => write!(
                f,
                "The tag `{tag}` starts with `{}`; a tag must start with a letter, a digit or \
                 `_`.",
                character.escape_default()
            ),
            Self::InvalidTagCharacter { tag, character } => write!(
                f,
                "The tag `{tag}` contains `{}`; a tag may contain only letters, digits, `_`, \
                 `.` and `-`.",
                character.escape_default()
            ),
            Self::InvalidDigest { digest, problem } => write_digest_problem(f, digest, problem),
            Self::NameTooLong { length } => write!(
                f,
                "The repository name (registry and path) is {length} characters long, but at \
                 most {NAME_MAX_LEN} are allowed."
            ),
            Self::MissingTagOrDigest { suggestion } => write!(
                f,
                "It has no tag or digest, and the image cache does not assume `latest`; add an \
                 explicit tag such as `{}`, or a digest such as `@sha256:` followed by 64 hex \
                 digits.",
                suggestion.as_deref().unwrap_or(":1.0")
            ),
        }
    }
}

/// Writes "{problem}. Use `{suggestion}`." when there is a suggestion, or
/// "{problem}; {fallback}." when there is none.
fn write_with_fix(
    f: &mut fmt::Formatter<'_>,
    problem: &str,
    suggestion: &Option<String>,
    fallback: &str,
) -> fmt::Result {
    match suggestion {
        Some(suggestion) => write!(f, "{problem}. Use `{suggestion}`."),
        None => write!(f, "{problem}; {fallback}."),
    }
}

fn write_digest_problem(
    f: &mut fmt::Formatter<'_>,
    digest: &str,
    problem: &DigestProblem,
) -> fmt::Result {
    if *problem == DigestProblem::Empty {
        return f.write_str(
            "The digest after `@` is empty; add one such as `sha256:` followed by 64 hex \
             digits, or remove the `@`.",
        );
    }
    write!(f, "The digest `{digest}` is invalid: ")?;
    match problem {
        DigestProblem::Empty => Ok(()),
        DigestProblem::MissingAlgorithm => {
            f.write_str("a digest is `algorithm:hex`, such as `sha256:` followed by 64 hex digits.")
        }
        DigestProblem::InvalidAlgorithm { algorithm } => write!(
            f,
            "the algorithm `{algorithm}` must be letters and digits starting with a letter, \
             with single `-`, `_`, `+` or `.` between parts, such as `sha256`."
        ),
        DigestProblem::UppercaseAlgorithm { algorithm } => {
            write!(f, "write the algorithm in lowercase, `{algorithm}`.")
        }
        DigestProblem::WrongLength {
            algorithm,
            expected,
            actual,
        } => write!(
            f,
            "a {algorithm} digest has exactly {expected} hex digits, but this one has \
             {actual}; copy the full digest from the registry."
        ),
        DigestProblem::NotLowercaseHex {
            algorithm,
            character,
        } => write!(
            f,
            "a {algorithm} digest may contain only lowercase hex digits (`0-9`, `a-f`), but \
             it contains `{}`.",
            character.escape_default()
        ),
        DigestProblem::HexTooShort { actual } => write!(
            f,
            "the part after the algorithm needs at least {OTHER_DIGEST_MIN_HEX} hex digits, \
             but it has {actual}."
        ),
        DigestProblem::NotHex { character } => write!(
            f,
            "the part after the algorithm may contain only hex digits, but it contains `{}`.",
            character.escape_default()
        ),
    }
}
