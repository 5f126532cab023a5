//! Edge cases of image references and registry addresses: ports that look like tags,
//! digests of every length, separators at the edges of path components, logins and extra
//! `@` signs, and characters that look like ASCII but are not.

use eci_core::image_ref::{parse_registry_address, DigestProblem, ImageRef, ImageRefError};
use proptest::prelude::*;

const SHA256_HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn parse(input: &str) -> ImageRef {
    ImageRef::parse_versioned(input).unwrap_or_else(|error| panic!("{input}: {error}"))
}

fn error(input: &str) -> ImageRefError {
    ImageRef::parse_versioned(input).expect_err(input)
}

// Registry hosts and ports.

#[test]
fn port_without_tag_is_unversioned() {
    let error = error("host:5000/app");
    assert_eq!(
        error,
        ImageRefError::MissingTagOrDigest {
            suggestion: Some("host:5000/app:1.0".into())
        }
    );
    let reference = ImageRef::parse("host:5000/app").unwrap();
    assert_eq!(reference.host(), Some("host"));
    assert_eq!(reference.port(), Some(5000));
    assert_eq!(reference.path(), "app");
    assert_eq!(reference.tag(), None);
}

#[test]
fn port_and_tag() {
    let reference = parse("host:5000/app:tag");
    assert_eq!(reference.domain(), Some("host:5000"));
    assert_eq!(reference.tag(), Some("tag"));
}

#[test]
fn ipv6_host_with_and_without_port() {
    let with_port = parse("[::1]:5000/app:1");
    assert_eq!(with_port.host(), Some("[::1]"));
    assert_eq!(with_port.port(), Some(5000));
    assert_eq!(with_port.tag(), Some("1"));

    let without_port = parse("[::1]/app:1");
    assert_eq!(without_port.host(), Some("[::1]"));
    assert_eq!(without_port.port(), None);
    assert_eq!(without_port.tag(), Some("1"));
}

#[test]
fn localhost_spellings() {
    let lower = parse("localhost/app:1");
    assert_eq!(lower.domain(), Some("localhost"));
    assert_eq!(lower.tag(), Some("1"));

    let upper_with_port = parse("LOCALHOST:5000/app:1");
    assert_eq!(upper_with_port.domain(), Some("LOCALHOST:5000"));
    assert_eq!(upper_with_port.normalized(), "localhost:5000/app:1");

    // Without a port, an uppercase first component is a path, as the module documents.
    assert_eq!(
        error("LOCALHOST/app:1"),
        ImageRefError::Uppercase {
            suggestion: Some("localhost/app:1".into())
        }
    );
}

// Digests.

#[test]
fn digest_lengths_and_case() {
    let pinned = parse(&format!("app@sha256:{SHA256_HEX}"));
    assert_eq!(pinned.tag(), None);
    assert!(pinned.is_pinned());

    let wrong_length = |hex: &str, actual: usize| ImageRefError::InvalidDigest {
        digest: format!("sha256:{hex}"),
        problem: DigestProblem::WrongLength {
            algorithm: "sha256".into(),
            expected: 64,
            actual,
        },
    };
    assert_eq!(
        error(&format!("app@sha256:{}", &SHA256_HEX[..63])),
        wrong_length(&SHA256_HEX[..63], 63)
    );
    let hex65 = format!("{SHA256_HEX}0");
    assert_eq!(
        error(&format!("app@sha256:{hex65}")),
        wrong_length(&hex65, 65)
    );
    assert_eq!(error("app@sha256:"), wrong_length("", 0));

    let sha512 = parse(&format!("app:1@sha512:{SHA256_HEX}{SHA256_HEX}"));
    assert_eq!(sha512.tag(), Some("1"));
    assert!(sha512.is_pinned());
}

// Path components.

#[test]
fn separator_rules() {
    assert_eq!(parse("a__b:1").path(), "a__b");
    assert_eq!(parse("a--b:1").path(), "a--b");
    assert_eq!(parse("a---b:1").path(), "a---b");
    assert_eq!(
        error("a___b:1"),
        ImageRefError::InvalidSeparator {
            component: "a___b".into(),
            separator: "___".into()
        }
    );
    assert_eq!(
        error("a.-b:1"),
        ImageRefError::InvalidSeparator {
            component: "a.-b".into(),
            separator: ".-".into()
        }
    );
    assert_eq!(
        error("a/../b:1"),
        ImageRefError::SeparatorAtStart {
            component: "..".into(),
            suggestion: None
        }
    );
    assert_eq!(
        error("a%2Fb:1"),
        ImageRefError::InvalidPathCharacter {
            component: "a%2Fb".into(),
            character: '%'
        }
    );
}

// Logins and `@` signs.

#[test]
fn login_before_registry() {
    let error = error("user@registry.example.com/app:1");
    assert_eq!(
        error,
        ImageRefError::UserInfo {
            suggestion: Some("registry.example.com/app:1".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "It starts with a user name and `@`, which image references and registry addresses \
         never have; enter the login as a registry credential instead. Use \
         `registry.example.com/app:1`."
    );
}

#[test]
fn login_with_password_is_not_quoted() {
    let error = error("user:s3cret@localhost:5000/app:1");
    assert_eq!(
        error,
        ImageRefError::UserInfo {
            suggestion: Some("localhost:5000/app:1".into())
        }
    );
    assert!(!error.to_string().contains("s3cret"));
}

#[test]
fn login_before_pinned_reference() {
    let input = format!("user@registry.example.com/app@sha256:{SHA256_HEX}");
    assert_eq!(
        error(&input),
        ImageRefError::UserInfo {
            suggestion: Some(format!("registry.example.com/app@sha256:{SHA256_HEX}"))
        }
    );
}

#[test]
fn digest_with_slash_is_not_a_login() {
    // `sha256:abc` is no registry, so the text after `@` is a digest.
    let error = error("app@sha256:abc/def");
    let ImageRefError::InvalidDigest { problem, .. } = error else {
        panic!("{error:?}");
    };
    assert_eq!(
        problem,
        DigestProblem::NotLowercaseHex {
            algorithm: "sha256".into(),
            character: '/'
        }
    );
}

#[test]
fn second_digest_is_rejected() {
    let input = format!("app@sha256:{SHA256_HEX}@sha256:{SHA256_HEX}");
    let error = error(&input);
    assert_eq!(
        error,
        ImageRefError::SeveralAtSigns {
            count: 2,
            suggestion: Some(format!("app@sha256:{SHA256_HEX}"))
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "It contains `@` 2 times, but a reference has at most one, before its digest. Use \
             `app@sha256:{SHA256_HEX}`."
        )
    );
    let no_fix = ImageRef::parse("a@@b").unwrap_err();
    assert_eq!(
        no_fix.to_string(),
        "It contains `@` 2 times, but a reference has at most one, before its digest; keep \
         only the `@` before the digest."
    );
}

#[test]
fn registry_address_with_login() {
    for (input, suggestion) in [("user@x", "x"), ("user:pw@x.com:5000", "x.com:5000")] {
        assert_eq!(
            parse_registry_address(input),
            Err(ImageRefError::UserInfo {
                suggestion: Some(suggestion.into())
            }),
            "{input}"
        );
    }
    assert_eq!(
        parse_registry_address("user@"),
        Err(ImageRefError::UserInfo { suggestion: None })
    );
}

// Characters that look like ASCII.

#[test]
fn fullwidth_colon() {
    let error = error("nginx：1");
    assert_eq!(
        error,
        ImageRefError::LookAlike {
            character: '：',
            position: 6,
            replacement: Some(':'),
            suggestion: Some("nginx:1".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "It contains `：` (U+FF1A) at character 6, which looks like `:` but is a different \
         character. Use `nginx:1`."
    );
}

#[test]
fn cyrillic_and_fullwidth_letters() {
    // Cyrillic `х` (U+0445) and `е` (U+0435), fullwidth `ｎ` and `１`.
    for (input, character, position, fixed) in [
        ("nginх:1", 'х', 5, "nginx:1"),
        (
            "rеgistry.example.com/app:1",
            'е',
            2,
            "registry.example.com/app:1",
        ),
        ("ｎginx:1", 'ｎ', 1, "nginx:1"),
        ("nginx:１", '１', 7, "nginx:1"),
        ("app:1—rc", '—', 6, "app:1-rc"),
    ] {
        let ImageRefError::LookAlike {
            character: found,
            position: at,
            suggestion,
            ..
        } = error(input)
        else {
            panic!("{input}: {:?}", error(input));
        };
        assert_eq!(found, character, "{input}");
        assert_eq!(at, position, "{input}");
        assert_eq!(suggestion.as_deref(), Some(fixed), "{input}");
    }
}

#[test]
fn invisible_characters() {
    let error = error("\u{200b}nginx:1");
    assert_eq!(
        error,
        ImageRefError::LookAlike {
            character: '\u{200b}',
            position: 1,
            replacement: None,
            suggestion: Some("nginx:1".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "It contains the invisible character U+200B at character 1. Use `nginx:1`."
    );
    let bom = ImageRef::parse("\u{feff}nginx:1").unwrap_err();
    assert_eq!(bom.suggestion(), Some("nginx:1"));
}

#[test]
fn ideographic_space_and_full_width_colon() {
    assert_eq!(
        error("nginx：1\u{3000}"),
        ImageRefError::Whitespace {
            position: 8,
            suggestion: Some("nginx:1".into())
        }
    );
    assert_eq!(
        parse_registry_address("registry．example.com\u{3000}"),
        Err(ImageRefError::Whitespace {
            position: 21,
            suggestion: Some("registry.example.com".into())
        })
    );
}

#[test]
fn look_alike_without_fix() {
    let error = ImageRef::parse("Nginх:1").unwrap_err();
    assert_eq!(
        error.to_string(),
        "It contains `х` (U+0445) at character 5, which looks like `x` but is a different \
         character; type `x` instead."
    );
}

#[test]
fn registry_address_look_alike() {
    assert_eq!(
        parse_registry_address("registry．example.com"),
        Err(ImageRefError::LookAlike {
            character: '．',
            position: 9,
            replacement: Some('.'),
            suggestion: Some("registry.example.com".into())
        })
    );
}

#[test]
fn other_non_ascii_stays_a_path_error() {
    assert_eq!(
        error("ngïnx:1"),
        ImageRefError::InvalidPathCharacter {
            component: "ngïnx".into(),
            character: 'ï'
        }
    );
}

/// Pairs of an ASCII character and a character that looks like it.
const LOOK_ALIKES: &[(char, char)] = &[
    (':', '：'),
    ('.', '．'),
    ('/', '／'),
    ('a', 'а'),
    ('e', 'е'),
    ('o', 'о'),
    ('1', '１'),
    ('-', '‐'),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn one_look_alike_suggests_the_original(
        path in "[a-z0-9]{1,8}(/[a-z0-9]{1,8}){0,2}",
        tag in "[a-z0-9][a-z0-9.-]{0,8}",
        pick in any::<prop::sample::Index>(),
        which in any::<prop::sample::Index>(),
    ) {
        let original = format!("registry.example.com/{path}:{tag}");
        prop_assume!(ImageRef::parse(&original).is_ok());
        let candidates: Vec<(usize, char)> = original
            .char_indices()
            .filter(|(_, c)| LOOK_ALIKES.iter().any(|(ascii, _)| ascii == c))
            .collect();
        prop_assume!(!candidates.is_empty());
        let (index, ascii) = candidates[pick.index(candidates.len())];
        let options: Vec<char> = LOOK_ALIKES
            .iter()
            .filter(|(from, _)| *from == ascii)
            .map(|(_, to)| *to)
            .collect();
        let replacement = options[which.index(options.len())];
        let mut changed = original.clone();
        changed.replace_range(index..index + 1, &replacement.to_string());

        let error = ImageRef::parse(&changed).unwrap_err();
        prop_assert_eq!(error.suggestion(), Some(original.as_str()), "{}", changed);
    }

    #[test]
    fn login_prefix_suggests_the_rest(
        user in "[a-zA-Z0-9._-]{1,10}(:[a-zA-Z0-9]{1,10})?",
        path in "[a-z0-9]{1,8}",
    ) {
        let rest = format!("registry.example.com:5000/{path}:1");
        let error = ImageRef::parse(&format!("{user}@{rest}")).unwrap_err();
        prop_assert_eq!(error, ImageRefError::UserInfo { suggestion: Some(rest) });
    }
}
