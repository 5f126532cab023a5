//! The checks of the reference grammar, one function per part of
//! `[host[:port]/]path[:tag][@algorithm:hex]`.

use super::look_alike::{look_alike, replace_look_alikes, LookAlike};
use super::{
    DigestProblem, ImageRef, ImageRefError, Registry, KNOWN_DIGESTS, NAME_MAX_LEN,
    OTHER_DIGEST_MIN_HEX, TAG_MAX_LEN,
};

/// Parses `input`. With `suggest`, an error carries a corrected reference, found by
/// applying the fix and parsing again without suggestions, so this recurses once at most.
pub(super) fn parse_reference(input: &str, suggest: bool) -> Result<ImageRef, ImageRefError> {
    if input.is_empty() {
        return Err(ImageRefError::Empty);
    }
    let suggest_fix = |fixed: String| -> Option<String> {
        (suggest && parse_reference(&fixed, false).is_ok()).then_some(fixed)
    };

    check_whitespace(input, suggest_fix)?;
    check_look_alikes(input, suggest_fix)?;
    check_scheme(input, |rest| suggest_fix(rest.to_string()))?;
    check_user_info(input, |rest| suggest_fix(rest.to_string()))?;
    check_at_signs(input, |first_part| suggest_fix(first_part.to_string()))?;

    let (name_and_tag, digest) = match input.split_once('@') {
        Some((name_and_tag, digest)) => (name_and_tag, Some(digest)),
        None => (input, None),
    };
    let last_slash = name_and_tag.rfind('/').map_or(0, |index| index + 1);
    let (name, tag) = match name_and_tag[last_slash..].find(':') {
        Some(colon) => {
            let colon = last_slash + colon;
            (&name_and_tag[..colon], Some(&name_and_tag[colon + 1..]))
        }
        None => (name_and_tag, None),
    };
    let rebuild = |name: &str, tag: Option<&str>| -> String {
        let tag = tag.map(|tag| format!(":{tag}")).unwrap_or_default();
        let digest = digest
            .map(|digest| format!("@{digest}"))
            .unwrap_or_default();
        format!("{name}{tag}{digest}")
    };

    if name.is_empty() {
        return Err(ImageRefError::MissingName);
    }
    let components: Vec<&str> = name.split('/').collect();
    if components.iter().any(|component| component.is_empty()) {
        let non_empty: Vec<&str> = components.into_iter().filter(|c| !c.is_empty()).collect();
        let fixed = rebuild(&non_empty.join("/"), tag);
        return Err(ImageRefError::EmptyComponent {
            suggestion: suggest_fix(fixed),
        });
    }

    let first = components[0];
    let has_registry = components.len() > 1
        && (first.contains('.') || first.contains(':') || first == "localhost");
    let (registry, path_components) = if has_registry {
        (Some(parse_domain(first)?), &components[1..])
    } else {
        (None, &components[..])
    };
    let domain_prefix = registry
        .as_ref()
        .map(|r| format!("{r}/"))
        .unwrap_or_default();

    check_path(path_components, |fixed_path| {
        suggest_fix(rebuild(&format!("{domain_prefix}{fixed_path}"), tag))
    })?;
    if let Some(tag) = tag {
        check_tag(tag)?;
    }
    if let Some(digest) = digest {
        check_digest(digest)?;
    }
    if name.len() > NAME_MAX_LEN {
        return Err(ImageRefError::NameTooLong { length: name.len() });
    }

    Ok(ImageRef {
        registry,
        path: path_components.join("/"),
        tag: tag.map(str::to_string),
        digest: digest.map(str::to_string),
    })
}

/// Rejects whitespace anywhere in `input`. `suggest` checks the input with the whitespace
/// removed, and then also with look-alike characters replaced (an input method that types a
/// full-width `：` often types the ideographic space U+3000 too), and returns the first
/// that is valid.
pub(super) fn check_whitespace(
    input: &str,
    suggest: impl Fn(String) -> Option<String>,
) -> Result<(), ImageRefError> {
    match input.char_indices().find(|(_, c)| c.is_whitespace()) {
        Some((index, _)) => {
            let position = input[..index].chars().count() + 1;
            let fixed: String = input.chars().filter(|c| !c.is_whitespace()).collect();
            let ascii = replace_look_alikes(&fixed);
            let suggestion = match suggest(fixed.clone()) {
                Some(suggestion) => Some(suggestion),
                None if ascii != fixed => suggest(ascii),
                None => None,
            };
            Err(ImageRefError::Whitespace {
                position,
                suggestion,
            })
        }
        None => Ok(()),
    }
}

/// Rejects a character that looks like ASCII but is not, or an invisible one. `suggest`
/// checks the input with every such character replaced or removed, and returns it when
/// that is valid.
pub(super) fn check_look_alikes(
    input: &str,
    suggest: impl Fn(String) -> Option<String>,
) -> Result<(), ImageRefError> {
    let found = input
        .char_indices()
        .find_map(|(index, c)| look_alike(c).map(|kind| (index, c, kind)));
    let Some((index, character, kind)) = found else {
        return Ok(());
    };
    let replacement = match kind {
        LookAlike::Ascii(ascii) => Some(ascii),
        LookAlike::Invisible => None,
    };
    Err(ImageRefError::LookAlike {
        character,
        position: input[..index].chars().count() + 1,
        replacement,
        suggestion: suggest(replace_look_alikes(input)),
    })
}

/// Rejects a login in front of the registry, as in `user@registry.example.com/app` or
/// `user:password@localhost:5000/app`. The login ends at the last `@` before the first `/`,
/// and a registry host must follow it. So the `@` of a digest does not match, because
/// `sha256:abc` is no host. `suggest` receives the reference after the login.
fn check_user_info(
    input: &str,
    suggest: impl Fn(&str) -> Option<String>,
) -> Result<(), ImageRefError> {
    let Some(slash) = input.find('/') else {
        return Ok(());
    };
    let Some(at) = input[..slash].rfind('@') else {
        return Ok(());
    };
    let host = &input[at + 1..slash];
    let looks_like_host = host.contains('.') || host.contains(':') || host == "localhost";
    if at == 0 || !looks_like_host || parse_domain(host).is_err() {
        return Ok(());
    }
    Err(ImageRefError::UserInfo {
        suggestion: suggest(&input[at + 1..]),
    })
}

/// Rejects more than one `@`: only the digest follows one. `suggest` receives the input up
/// to the second `@`.
fn check_at_signs(
    input: &str,
    suggest: impl Fn(&str) -> Option<String>,
) -> Result<(), ImageRefError> {
    let positions: Vec<usize> = input.match_indices('@').map(|(index, _)| index).collect();
    if positions.len() < 2 {
        return Ok(());
    }
    Err(ImageRefError::SeveralAtSigns {
        count: positions.len(),
        suggestion: suggest(&input[..positions[1]]),
    })
}

/// Rejects a leading URL scheme such as `https://`. `suggest` receives the rest of the
/// input and returns the corrected value when there is a valid one.
pub(super) fn check_scheme(
    input: &str,
    suggest: impl Fn(&str) -> Option<String>,
) -> Result<(), ImageRefError> {
    match split_scheme(input) {
        Some((scheme, rest)) => Err(ImageRefError::Scheme {
            scheme: scheme.to_string(),
            suggestion: suggest(rest),
        }),
        None => Ok(()),
    }
}

/// Splits `https://rest` into `("https://", "rest")`; the scheme is RFC 3986's
/// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
fn split_scheme(input: &str) -> Option<(&str, &str)> {
    let end = input.find("://")?;
    let scheme = &input[..end];
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let valid = starts_with_letter
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (&input[..end + 3], &input[end + 3..]))
}

/// Parses `host[:port]`, where the host is a domain name, an IPv4 address or a bracketed
/// IPv6 address.
pub(super) fn parse_domain(text: &str) -> Result<Registry, ImageRefError> {
    let (host, port) = if text.starts_with('[') {
        match text.find(']') {
            Some(close) => {
                let rest = &text[close + 1..];
                match rest.strip_prefix(':') {
                    Some(port) => (&text[..=close], Some(port)),
                    None if rest.is_empty() => (text, None),
                    None => {
                        return Err(ImageRefError::InvalidHost {
                            host: text.to_string(),
                        })
                    }
                }
            }
            None => {
                return Err(ImageRefError::InvalidHost {
                    host: text.to_string(),
                })
            }
        }
    } else {
        match text.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        }
    };

    if !is_valid_host(host) {
        return Err(ImageRefError::InvalidHost {
            host: host.to_string(),
        });
    }
    let port = match port {
        Some(port) => Some(parse_port(port)?),
        None => None,
    };
    Ok(Registry {
        host: host.to_string(),
        port,
        text: text.to_string(),
    })
}

fn is_valid_host(host: &str) -> bool {
    if let Some(inner) = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        return !inner.is_empty() && inner.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
    }
    !host.is_empty() && host.split('.').all(is_valid_host_label)
}

/// A label is `[A-Za-z0-9]` or `[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]`.
fn is_valid_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

fn parse_port(port: &str) -> Result<u16, ImageRefError> {
    let invalid = || ImageRefError::InvalidPort {
        port: port.to_string(),
    };
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    match port.parse::<u16>() {
        Ok(0) | Err(_) => Err(invalid()),
        Ok(number) => Ok(number),
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, '.' | '_' | '-')
}

/// Checks the path components: lowercase letters and digits, with `.`, `_`, `__` or a run
/// of `-` between them. `suggest` turns a corrected path into a suggested reference.
fn check_path(
    components: &[&str],
    suggest: impl Fn(&str) -> Option<String>,
) -> Result<(), ImageRefError> {
    for component in components {
        let invalid = component
            .chars()
            .find(|&c| !c.is_ascii_alphanumeric() && !is_separator(c));
        if let Some(character) = invalid {
            return Err(ImageRefError::InvalidPathCharacter {
                component: component.to_string(),
                character,
            });
        }
    }
    if components
        .iter()
        .any(|component| component.bytes().any(|b| b.is_ascii_uppercase()))
    {
        let lowercase = components.join("/").to_ascii_lowercase();
        return Err(ImageRefError::Uppercase {
            suggestion: suggest(&lowercase),
        });
    }
    for (index, component) in components.iter().enumerate() {
        let trimmed = component.trim_matches(is_separator);
        let with_trimmed = || {
            let mut fixed: Vec<&str> = components.to_vec();
            fixed[index] = trimmed;
            suggest(&fixed.join("/"))
        };
        if component.starts_with(is_separator) {
            let suggestion = if trimmed.is_empty() {
                None
            } else {
                with_trimmed()
            };
            return Err(ImageRefError::SeparatorAtStart {
                component: component.to_string(),
                suggestion,
            });
        }
        if component.ends_with(is_separator) {
            return Err(ImageRefError::SeparatorAtEnd {
                component: component.to_string(),
                suggestion: with_trimmed(),
            });
        }
        for separator in component.split(|c: char| c.is_ascii_alphanumeric()) {
            let valid = separator.is_empty()
                || matches!(separator, "." | "_" | "__")
                || separator.bytes().all(|b| b == b'-');
            if !valid {
                return Err(ImageRefError::InvalidSeparator {
                    component: component.to_string(),
                    separator: separator.to_string(),
                });
            }
        }
    }
    Ok(())
}

/// Checks a tag against `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn check_tag(tag: &str) -> Result<(), ImageRefError> {
    let mut chars = tag.chars();
    let Some(first) = chars.next() else {
        return Err(ImageRefError::EmptyTag);
    };
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if !is_word(first) {
        let error = if first == '.' || first == '-' {
            ImageRefError::InvalidTagStart {
                tag: tag.to_string(),
                character: first,
            }
        } else {
            ImageRefError::InvalidTagCharacter {
                tag: tag.to_string(),
                character: first,
            }
        };
        return Err(error);
    }
    if let Some(character) = chars.find(|&c| !is_word(c) && c != '.' && c != '-') {
        return Err(ImageRefError::InvalidTagCharacter {
            tag: tag.to_string(),
            character,
        });
    }
    if tag.len() > TAG_MAX_LEN {
        return Err(ImageRefError::TagTooLong { length: tag.len() });
    }
    Ok(())
}

/// Checks `algorithm:hex`, with the exact hex length for [`KNOWN_DIGESTS`] and the
/// reference grammar's `[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
/// for other algorithms.
fn check_digest(digest: &str) -> Result<(), ImageRefError> {
    let invalid = |problem| ImageRefError::InvalidDigest {
        digest: digest.to_string(),
        problem,
    };
    if digest.is_empty() {
        return Err(invalid(DigestProblem::Empty));
    }
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Err(invalid(DigestProblem::MissingAlgorithm));
    };
    if !is_valid_algorithm(algorithm) {
        let algorithm = algorithm.to_string();
        return Err(invalid(DigestProblem::InvalidAlgorithm { algorithm }));
    }

    let lowercase = algorithm.to_ascii_lowercase();
    if let Some(&(known, expected)) = KNOWN_DIGESTS.iter().find(|(name, _)| *name == lowercase) {
        let as_written = algorithm;
        let algorithm = known.to_string();
        if as_written != known {
            return Err(invalid(DigestProblem::UppercaseAlgorithm { algorithm }));
        }
        let bad = hex.chars().find(|c| !matches!(c, '0'..='9' | 'a'..='f'));
        if let Some(character) = bad {
            return Err(invalid(DigestProblem::NotLowercaseHex {
                algorithm,
                character,
            }));
        }
        if hex.len() != expected {
            let actual = hex.len();
            return Err(invalid(DigestProblem::WrongLength {
                algorithm,
                expected,
                actual,
            }));
        }
        return Ok(());
    }

    if let Some(character) = hex.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(invalid(DigestProblem::NotHex { character }));
    }
    if hex.len() < OTHER_DIGEST_MIN_HEX {
        return Err(invalid(DigestProblem::HexTooShort { actual: hex.len() }));
    }
    Ok(())
}

fn is_valid_algorithm(algorithm: &str) -> bool {
    let parts = algorithm.split(['-', '_', '+', '.']);
    let mut count = 0;
    for part in parts {
        count += 1;
        let mut chars = part.chars();
        let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
        if !starts_with_letter || !chars.all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
    }
    count > 0
}
