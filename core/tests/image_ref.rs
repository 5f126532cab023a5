//! Image reference parsing: every part of the grammar
//! `[host[:port]/]path[:tag][@algorithm:hex]`, with the exact error and message for each
//! way a reference can be wrong.

use eci_core::image_ref::{
    parse_registry_address, DigestProblem, ImageRef, ImageRefError, NAME_MAX_LEN, TAG_MAX_LEN,
};

const SHA256_HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn parse(input: &str) -> ImageRef {
    ImageRef::parse(input).unwrap_or_else(|error| panic!("{input}: {error}"))
}

fn error(input: &str) -> ImageRefError {
    ImageRef::parse(input).expect_err(input)
}

// Registry ports, which several Docker clients mistake for a tag.

#[test]
fn port_is_not_a_tag() {
    let reference = parse("localhost:5000/ns/app:1.2.3");
    assert_eq!(reference.domain(), Some("localhost:5000"));
    assert_eq!(reference.host(), Some("localhost"));
    assert_eq!(reference.port(), Some(5000));
    assert_eq!(reference.path(), "ns/app");
    assert_eq!(reference.tag(), Some("1.2.3"));
    assert_eq!(reference.digest(), None);
    assert!(reference.is_versioned());
}

#[test]
fn port_and_tag_on_domain_registry() {
    let reference = parse("registry.example.com:5000/fedora/httpd:version1.0");
    assert_eq!(reference.domain(), Some("registry.example.com:5000"));
    assert_eq!(reference.port(), Some(5000));
    assert_eq!(reference.path(), "fedora/httpd");
    assert_eq!(reference.tag(), Some("version1.0"));
    assert!(reference.is_versioned());
}

#[test]
fn port_without_tag_is_unversioned() {
    let reference = parse("localhost:5000/ns/app");
    assert_eq!(reference.domain(), Some("localhost:5000"));
    assert_eq!(reference.path(), "ns/app");
    assert_eq!(reference.tag(), None);
    assert!(!reference.is_versioned());
}

#[test]
fn unversioned_rejected_with_tag_suggestion() {
    let error = ImageRef::parse_versioned("localhost:5000/ns/app").unwrap_err();
    assert_eq!(
        error,
        ImageRefError::MissingTagOrDigest {
            suggestion: Some("localhost:5000/ns/app:1.0".into())
        }
    );
    assert_eq!(error.suggestion(), Some("localhost:5000/ns/app:1.0"));
    assert_eq!(
        error.to_string(),
        "It has no tag or digest, and the image cache does not assume `latest`; add an explicit \
         tag such as `localhost:5000/ns/app:1.0`, or a digest such as `@sha256:` followed by 64 \
         hex digits."
    );
}

#[test]
fn bare_name_rejected_by_parse_versioned() {
    let error = ImageRef::parse_versioned("nginx").unwrap_err();
    assert_eq!(error.suggestion(), Some("nginx:1.0"));
}

#[test]
fn localhost_without_port_is_a_host() {
    let reference = parse("localhost/app:1");
    assert_eq!(reference.host(), Some("localhost"));
    assert_eq!(reference.port(), None);
    assert_eq!(reference.path(), "app");
}

#[test]
fn lone_host_and_port_is_a_path_and_tag() {
    // With no `/`, there is no registry part: Docker reads this as image `localhost`,
    // tag `5000`.
    let reference = parse("localhost:5000");
    assert_eq!(reference.domain(), None);
    assert_eq!(reference.path(), "localhost");
    assert_eq!(reference.tag(), Some("5000"));
}

#[test]
fn first_component_without_dot_is_path() {
    let reference = parse("library/nginx:1.25");
    assert_eq!(reference.domain(), None);
    assert_eq!(reference.path(), "library/nginx");
}

#[test]
fn ipv6_registry_with_port() {
    let reference = parse("[::1]:5000/app:1");
    assert_eq!(reference.host(), Some("[::1]"));
    assert_eq!(reference.port(), Some(5000));
    assert_eq!(reference.domain(), Some("[::1]:5000"));
}

#[test]
fn ipv4_registry() {
    let reference = parse("192.168.1.10:5000/team/app:2");
    assert_eq!(reference.host(), Some("192.168.1.10"));
    assert_eq!(reference.port(), Some(5000));
}

#[test]
fn port_out_of_range() {
    let error = error("registry.example.com:65536/app:1");
    assert_eq!(
        error,
        ImageRefError::InvalidPort {
            port: "65536".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "The registry port `65536` is invalid; a port is a number from 1 to 65535."
    );
}

#[test]
fn port_zero_and_empty_port() {
    assert_eq!(
        error("host.com:0/app:1"),
        ImageRefError::InvalidPort { port: "0".into() }
    );
    assert_eq!(
        error("host.com:/app:1"),
        ImageRefError::InvalidPort { port: "".into() }
    );
    assert_eq!(
        error("host.com:50a/app:1"),
        ImageRefError::InvalidPort { port: "50a".into() }
    );
}

#[test]
fn invalid_host_labels() {
    assert_eq!(
        error("-bad.example.com/app:1"),
        ImageRefError::InvalidHost {
            host: "-bad.example.com".into()
        }
    );
    assert_eq!(
        error("bad-.example.com/app:1"),
        ImageRefError::InvalidHost {
            host: "bad-.example.com".into()
        }
    );
    assert_eq!(
        error("exa_mple.com/app:1"),
        ImageRefError::InvalidHost {
            host: "exa_mple.com".into()
        }
    );
    assert_eq!(
        error("a..b.com/app:1"),
        ImageRefError::InvalidHost {
            host: "a..b.com".into()
        }
    );
    assert_eq!(
        error("-bad.example.com/app:1").to_string(),
        "The registry host `-bad.example.com` is invalid; a host is labels of letters, digits \
         and inner hyphens separated by dots, such as `registry.example.com`, or an IPv6 \
         address in brackets."
    );
}

#[test]
fn uppercase_host_is_allowed() {
    let reference = parse("Registry.Example.com/app:1");
    assert_eq!(reference.host(), Some("Registry.Example.com"));
}

// Digests.

#[test]
fn digest_only_reference_is_pinned() {
    let input = format!("registry.example.com/ns/app@sha256:{SHA256_HEX}");
    let reference = parse(&input);
    assert_eq!(reference.tag(), None);
    assert_eq!(
        reference.digest(),
        Some(format!("sha256:{SHA256_HEX}").as_str())
    );
    assert!(reference.is_pinned());
    assert!(reference.is_versioned());
    assert!(ImageRef::parse_versioned(&input).is_ok());
}

#[test]
fn tag_and_digest_is_pinned() {
    let reference = parse(&format!("busybox:1.33.1@sha256:{SHA256_HEX}"));
    assert_eq!(reference.path(), "busybox");
    assert_eq!(reference.tag(), Some("1.33.1"));
    assert_eq!(
        reference.digest(),
        Some(format!("sha256:{SHA256_HEX}").as_str())
    );
    assert!(reference.is_pinned());
}

#[test]
fn short_sha256_digest_is_invalid() {
    let error = error("app@sha256:abc");
    assert_eq!(
        error,
        ImageRefError::InvalidDigest {
            digest: "sha256:abc".into(),
            problem: DigestProblem::WrongLength {
                algorithm: "sha256".into(),
                expected: 64,
                actual: 3
            },
        }
    );
    assert_eq!(
        error.to_string(),
        "The digest `sha256:abc` is invalid: a sha256 digest has exactly 64 hex digits, but \
         this one has 3; copy the full digest from the registry."
    );
    assert_eq!(error.suggestion(), None);
}

#[test]
fn uppercase_sha256_hex_is_invalid() {
    let hex = SHA256_HEX.to_uppercase();
    let error = error(&format!("app@sha256:{hex}"));
    let ImageRefError::InvalidDigest { problem, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        *problem,
        DigestProblem::NotLowercaseHex {
            algorithm: "sha256".into(),
            character: 'A'
        }
    );
    assert!(error.to_string().ends_with(
        "a sha256 digest may contain only lowercase hex digits (`0-9`, `a-f`), but it contains \
         `A`."
    ));
}

#[test]
fn uppercase_algorithm_is_invalid() {
    let error = error(&format!("app@SHA256:{SHA256_HEX}"));
    let ImageRefError::InvalidDigest { problem, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        *problem,
        DigestProblem::UppercaseAlgorithm {
            algorithm: "sha256".into()
        }
    );
    assert!(error
        .to_string()
        .ends_with("write the algorithm in lowercase, `sha256`."));
}

#[test]
fn sha512_digest_needs_128_digits() {
    let hex = SHA256_HEX.repeat(2);
    let reference = parse(&format!("app@sha512:{hex}"));
    assert_eq!(reference.digest(), Some(format!("sha512:{hex}").as_str()));

    let error = error(&format!("app@sha512:{SHA256_HEX}"));
    assert_eq!(
        error,
        ImageRefError::InvalidDigest {
            digest: format!("sha512:{SHA256_HEX}"),
            problem: DigestProblem::WrongLength {
                algorithm: "sha512".into(),
                expected: 128,
                actual: 64
            },
        }
    );
}

#[test]
fn sha384_digest_needs_96_digits() {
    let hex = &SHA256_HEX.repeat(2)[..96];
    assert!(ImageRef::parse(&format!("app@sha384:{hex}")).is_ok());
    assert!(ImageRef::parse(&format!("app@sha384:{SHA256_HEX}")).is_err());
}

#[test]
fn other_algorithm_follows_grammar() {
    let hex32 = &SHA256_HEX[..32];
    let reference = parse(&format!("app@multihash+base58:{}", hex32.to_uppercase()));
    assert!(reference.is_pinned());
    assert!(ImageRef::parse(&format!("app@blake3:{SHA256_HEX}")).is_ok());

    let short = error("app@md5:abc");
    assert_eq!(
        short,
        ImageRefError::InvalidDigest {
            digest: "md5:abc".into(),
            problem: DigestProblem::HexTooShort { actual: 3 },
        }
    );
    assert_eq!(
        short.to_string(),
        "The digest `md5:abc` is invalid: the part after the algorithm needs at least 32 hex \
         digits, but it has 3."
    );

    let not_hex = error(&format!("app@blake3:{}z", hex32));
    let ImageRefError::InvalidDigest { problem, .. } = not_hex else {
        panic!("{not_hex:?}");
    };
    assert_eq!(problem, DigestProblem::NotHex { character: 'z' });
}

#[test]
fn malformed_algorithms() {
    for algorithm in ["1sha", "sha--256", "sha_", "", "sha 256"] {
        let input = format!("app@{algorithm}:{SHA256_HEX}");
        let Err(ImageRefError::InvalidDigest { problem, .. }) = ImageRef::parse(&input) else {
            if algorithm.contains(' ') {
                continue; // reported as whitespace, checked below
            }
            panic!("{input} should have an invalid digest");
        };
        assert_eq!(
            problem,
            DigestProblem::InvalidAlgorithm {
                algorithm: algorithm.to_string()
            },
            "{input}"
        );
    }
}

#[test]
fn digest_without_colon() {
    let error = error("app@sha256");
    assert_eq!(
        error,
        ImageRefError::InvalidDigest {
            digest: "sha256".into(),
            problem: DigestProblem::MissingAlgorithm
        }
    );
    assert_eq!(
        error.to_string(),
        "The digest `sha256` is invalid: a digest is `algorithm:hex`, such as `sha256:` followed \
         by 64 hex digits."
    );
}

#[test]
fn empty_digest() {
    let error = error("app:1@");
    assert_eq!(
        error,
        ImageRefError::InvalidDigest {
            digest: "".into(),
            problem: DigestProblem::Empty
        }
    );
    assert_eq!(
        error.to_string(),
        "The digest after `@` is empty; add one such as `sha256:` followed by 64 hex digits, or \
         remove the `@`."
    );
}

// Uppercase letters.

#[test]
fn uppercase_path_suggests_lowercase() {
    let error = error("Nginx:1");
    assert_eq!(
        error,
        ImageRefError::Uppercase {
            suggestion: Some("nginx:1".into())
        }
    );
    assert_eq!(error.suggestion(), Some("nginx:1"));
    assert_eq!(
        error.to_string(),
        "The repository path must be lowercase, because only a tag may contain uppercase \
         letters. Use `nginx:1`."
    );
}

#[test]
fn uppercase_path_keeps_host_tag_and_digest() {
    let input = format!("Registry.example.com/Team/App:V1@sha256:{SHA256_HEX}");
    let expected = format!("Registry.example.com/team/app:V1@sha256:{SHA256_HEX}");
    assert_eq!(
        error(&input),
        ImageRefError::Uppercase {
            suggestion: Some(expected)
        }
    );
}

#[test]
fn uppercase_first_component_is_a_path() {
    // Docker would take `Myrepo` for a registry host; here it is a path to lowercase.
    assert_eq!(
        error("Myrepo/app:1"),
        ImageRefError::Uppercase {
            suggestion: Some("myrepo/app:1".into())
        }
    );
}

#[test]
fn uppercase_tag_is_fine() {
    let reference = parse("nginx:Alpine-3.19_RC");
    assert_eq!(reference.tag(), Some("Alpine-3.19_RC"));
}

// Schemes.

#[test]
fn scheme_is_rejected_with_suggestion() {
    let error = error("https://registry.example.com/ns/app:1");
    assert_eq!(
        error,
        ImageRefError::Scheme {
            scheme: "https://".into(),
            suggestion: Some("registry.example.com/ns/app:1".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "It starts with the scheme `https://`, which registry addresses and image references \
         never have. Use `registry.example.com/ns/app:1`."
    );
}

#[test]
fn docker_scheme_is_rejected() {
    let error = error("docker://nginx:1");
    assert_eq!(error.suggestion(), Some("nginx:1"));
}

// Empty components and separators.

#[test]
fn double_slash_suggests_single() {
    let error = error("a//b:1");
    assert_eq!(
        error,
        ImageRefError::EmptyComponent {
            suggestion: Some("a/b:1".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "The repository path has an empty component (`//`, or a `/` at the start or end). Use \
         `a/b:1`."
    );
}

#[test]
fn leading_and_trailing_slash() {
    assert_eq!(
        error("/app:1"),
        ImageRefError::EmptyComponent {
            suggestion: Some("app:1".into())
        }
    );
    assert_eq!(
        error("ns/app/"),
        ImageRefError::EmptyComponent {
            suggestion: Some("ns/app".into())
        }
    );
}

#[test]
fn missing_name_before_tag() {
    let error = error(":1.0");
    assert_eq!(error, ImageRefError::MissingName);
    assert_eq!(
        error.to_string(),
        "It has no repository name before the tag or digest; write the image name first, such \
         as `nginx:1.25`."
    );
    assert_eq!(
        ImageRef::parse(&format!("@sha256:{SHA256_HEX}")),
        Err(ImageRefError::MissingName)
    );
}

#[test]
fn separators_between_alphanumerics() {
    for valid in [
        "a.b", "a_b", "a__b", "a-b", "a--b", "a---b", "a.b_c-d", "a1-2b",
    ] {
        assert!(ImageRef::parse(&format!("{valid}:1")).is_ok(), "{valid}");
    }
}

#[test]
fn invalid_separator_runs() {
    for (component, separator) in [
        ("a..b", ".."),
        ("a___b", "___"),
        ("a_-b", "_-"),
        ("a.-b", ".-"),
    ] {
        assert_eq!(
            error(&format!("ns/{component}:1")),
            ImageRefError::InvalidSeparator {
                component: component.into(),
                separator: separator.into()
            },
            "{component}"
        );
    }
    assert_eq!(
        error("a..b:1").to_string(),
        "The path component `a..b` contains the separator `..`; between letters and digits use \
         one `.`, one `_`, two `__`, or one or more `-`."
    );
}

#[test]
fn leading_separator() {
    let error = error("-app:1");
    assert_eq!(
        error,
        ImageRefError::SeparatorAtStart {
            component: "-app".into(),
            suggestion: Some("app:1".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "The path component `-app` starts with a separator, but a component must start with a \
         lowercase letter or digit. Use `app:1`."
    );
}

#[test]
fn trailing_separator() {
    let error = error("ns/app_:1");
    assert_eq!(
        error,
        ImageRefError::SeparatorAtEnd {
            component: "app_".into(),
            suggestion: Some("ns/app:1".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "The path component `app_` ends with a separator, but a component must end with a \
         lowercase letter or digit. Use `ns/app:1`."
    );
}

#[test]
fn separator_only_component_has_no_suggestion() {
    assert_eq!(
        error("ns/-/app:1"),
        ImageRefError::SeparatorAtStart {
            component: "-".into(),
            suggestion: None
        }
    );
}

#[test]
fn invalid_path_character() {
    let error = error("ns/app!:1");
    assert_eq!(
        error,
        ImageRefError::InvalidPathCharacter {
            component: "app!".into(),
            character: '!'
        }
    );
    assert_eq!(
        error.to_string(),
        "The path component `app!` contains `!`; a path component may contain only lowercase \
         letters, digits and the separators `.`, `_`, `__` and `-`."
    );
    assert_eq!(
        ImageRef::parse("ngïnx:1"),
        Err(ImageRefError::InvalidPathCharacter {
            component: "ngïnx".into(),
            character: 'ï'
        })
    );
}

// Tags.

#[test]
fn tag_grammar() {
    assert_eq!(parse("app:_private").tag(), Some("_private"));
    assert_eq!(parse("app:1.0-rc.1").tag(), Some("1.0-rc.1"));

    let dot = error("app:.1");
    assert_eq!(
        dot,
        ImageRefError::InvalidTagStart {
            tag: ".1".into(),
            character: '.'
        }
    );
    assert_eq!(
        dot.to_string(),
        "The tag `.1` starts with `.`; a tag must start with a letter, a digit or `_`."
    );
    assert_eq!(
        error("app:-1"),
        ImageRefError::InvalidTagStart {
            tag: "-1".into(),
            character: '-'
        }
    );

    let plus = error("app:1+build");
    assert_eq!(
        plus,
        ImageRefError::InvalidTagCharacter {
            tag: "1+build".into(),
            character: '+'
        }
    );
    assert_eq!(
        plus.to_string(),
        "The tag `1+build` contains `+`; a tag may contain only letters, digits, `_`, `.` and \
         `-`."
    );
}

#[test]
fn second_colon_is_in_the_tag() {
    assert_eq!(
        error("app:1:2"),
        ImageRefError::InvalidTagCharacter {
            tag: "1:2".into(),
            character: ':'
        }
    );
}

#[test]
fn empty_tag() {
    let error = error("app:");
    assert_eq!(error, ImageRefError::EmptyTag);
    assert_eq!(
        error.to_string(),
        "The tag after `:` is empty; add a tag such as `1.0`, or remove the `:`."
    );
}

#[test]
fn tag_length_limit() {
    let longest = "t".repeat(TAG_MAX_LEN);
    assert_eq!(
        parse(&format!("app:{longest}")).tag(),
        Some(longest.as_str())
    );

    let too_long = "t".repeat(TAG_MAX_LEN + 1);
    let error = error(&format!("app:{too_long}"));
    assert_eq!(error, ImageRefError::TagTooLong { length: 129 });
    assert_eq!(
        error.to_string(),
        "The tag is 129 characters long, but at most 128 are allowed; use a shorter tag."
    );
}

// Name length.

#[test]
fn name_length_limit() {
    // `registry.example.com/` is 21 characters; the path fills the rest.
    let host = "registry.example.com";
    let longest = format!("{host}/{}", "a".repeat(NAME_MAX_LEN - host.len() - 1));
    assert_eq!(longest.len(), 255);
    assert!(ImageRef::parse(&format!("{longest}:1")).is_ok());

    let too_long = format!("{longest}b");
    let error = error(&format!("{too_long}:1"));
    assert_eq!(error, ImageRefError::NameTooLong { length: 256 });
    assert_eq!(
        error.to_string(),
        "The repository name (registry and path) is 256 characters long, but at most 255 are \
         allowed."
    );
}

#[test]
fn tag_and_digest_do_not_count_toward_name_length() {
    let name = "a".repeat(NAME_MAX_LEN);
    let tag = "t".repeat(TAG_MAX_LEN);
    assert!(ImageRef::parse(&format!("{name}:{tag}@sha256:{SHA256_HEX}")).is_ok());
}

// Whitespace and empty input.

#[test]
fn leading_whitespace() {
    let error = error(" nginx:1");
    assert_eq!(
        error,
        ImageRefError::Whitespace {
            position: 1,
            suggestion: Some("nginx:1".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "It contains whitespace at character 1. Use `nginx:1`."
    );
}

#[test]
fn inner_and_trailing_whitespace() {
    assert_eq!(
        error("nginx :1"),
        ImageRefError::Whitespace {
            position: 6,
            suggestion: Some("nginx:1".into())
        }
    );
    assert_eq!(
        error("nginx:1\t"),
        ImageRefError::Whitespace {
            position: 8,
            suggestion: Some("nginx:1".into())
        }
    );
    assert_eq!(
        error("ngïnx\u{a0}:1"),
        ImageRefError::Whitespace {
            position: 6,
            suggestion: None
        }
    );
}

#[test]
fn empty_input() {
    let error = error("");
    assert_eq!(error, ImageRefError::Empty);
    assert_eq!(
        error.to_string(),
        "The value is empty; enter an image such as `nginx:1.25`."
    );
}

// Printing and normalizing.

#[test]
fn display_round_trips() {
    for input in [
        "nginx:1",
        "localhost:5000/ns/app:1.2.3",
        "registry.example.com:05000/a/b",
        "[::1]:5000/app:1",
    ] {
        assert_eq!(parse(input).to_string(), input);
    }
    let pinned = format!("busybox:1.33.1@sha256:{SHA256_HEX}");
    assert_eq!(parse(&pinned).to_string(), pinned);
}

#[test]
fn docker_hub_spellings_normalize_alike() {
    let expected = "docker.io/library/nginx:1";
    assert_eq!(parse("nginx:1").normalized(), expected);
    assert_eq!(parse("docker.io/library/nginx:1").normalized(), expected);
    assert_eq!(
        parse("index.docker.io/library/nginx:1").normalized(),
        expected
    );
    assert_eq!(parse("docker.io/nginx:1").normalized(), expected);
    assert_eq!(
        parse("bitnami/redis:7").normalized(),
        "docker.io/bitnami/redis:7"
    );
    assert_eq!(
        parse("Registry.Example.com/a:1").normalized(),
        "registry.example.com/a:1"
    );
}

#[test]
fn docker_hub_detection() {
    assert!(parse("nginx:1").is_docker_hub());
    assert!(parse("registry-1.docker.io/library/nginx:1").is_docker_hub());
    assert!(!parse("registry.example.com/nginx:1").is_docker_hub());
}

// Registry addresses, as in registry logins.

#[test]
fn registry_address_with_port() {
    let registry = parse_registry_address("registry.example.com:5000").unwrap();
    assert_eq!(registry.host(), "registry.example.com");
    assert_eq!(registry.port(), Some(5000));
    assert_eq!(registry.as_str(), "registry.example.com:5000");
}

#[test]
fn registry_address_scheme_suggests_host() {
    let error = parse_registry_address("https://registry.example.com").unwrap_err();
    assert_eq!(
        error,
        ImageRefError::Scheme {
            scheme: "https://".into(),
            suggestion: Some("registry.example.com".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "It starts with the scheme `https://`, which registry addresses and image references \
         never have. Use `registry.example.com`."
    );
    let with_path = parse_registry_address("http://registry.example.com:5000/v2/").unwrap_err();
    assert_eq!(with_path.suggestion(), Some("registry.example.com:5000"));
}

#[test]
fn registry_address_path_is_rejected() {
    let error = parse_registry_address("registry.example.com/team").unwrap_err();
    assert_eq!(
        error,
        ImageRefError::RegistryWithPath {
            suggestion: Some("registry.example.com".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "A registry address is a host with an optional port, without a path. Use \
         `registry.example.com`."
    );
}

#[test]
fn registry_address_whitespace_and_empty() {
    let error = parse_registry_address("registry.example.com ").unwrap_err();
    assert_eq!(
        error,
        ImageRefError::Whitespace {
            position: 21,
            suggestion: Some("registry.example.com".into())
        }
    );
    assert_eq!(parse_registry_address(""), Err(ImageRefError::Empty));
    assert_eq!(
        parse_registry_address("bad_host"),
        Err(ImageRefError::InvalidHost {
            host: "bad_host".into()
        })
    );
}
