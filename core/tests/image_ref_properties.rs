//! Properties of the image reference parser over arbitrary input: it never panics, what it
//! accepts prints back unchanged, and every suggested fix parses.

use eci_core::image_ref::{parse_registry_address, ImageRef};
use proptest::prelude::*;

/// Strings built from the characters that matter to the grammar, so that many inputs get
/// deep into the parser instead of failing on the first character.
fn reference_like() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9._:/@+ -]{0,80}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics(input in any::<String>()) {
        let _ = ImageRef::parse(&input);
        let _ = ImageRef::parse_versioned(&input);
        let _ = parse_registry_address(&input);
    }

    #[test]
    fn accepted_reference_prints_unchanged(input in reference_like()) {
        if let Ok(reference) = ImageRef::parse(&input) {
            prop_assert_eq!(reference.to_string(), input.clone());
            prop_assert_eq!(ImageRef::parse(&reference.to_string()), Ok(reference));
        }
    }

    #[test]
    fn suggestions_parse(input in reference_like()) {
        if let Err(error) = ImageRef::parse(&input) {
            if let Some(suggestion) = error.suggestion() {
                prop_assert!(ImageRef::parse(suggestion).is_ok(), "{} -> {}", input, suggestion);
            }
            prop_assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn versioned_means_tag_or_digest(input in reference_like()) {
        if let Ok(reference) = ImageRef::parse_versioned(&input) {
            prop_assert!(reference.tag().is_some() || reference.digest().is_some());
        }
    }

    #[test]
    fn long_input_never_panics(unit in "[a-z:/@.]{1,4}", count in 0usize..2000) {
        let input = unit.repeat(count);
        let _ = ImageRef::parse(&input);
        let _ = parse_registry_address(&input);
    }
}
