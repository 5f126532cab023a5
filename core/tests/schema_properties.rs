//! Properties of form validation and flattening over arbitrary values: no input panics,
//! and a form without errors flattens to parameters with no blank values.

use eci_core::schema::{
    create_params, is_submittable, update_params, validate, validate_for, AcrRegistry, FieldValue,
    FormValues, Operation, RegistryCredential, FIELDS,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ a-zA-Z0-9._:/@,+-]{0,40}",
        Just(String::new()),
        "(vsw|sg|eip|rg)-[a-z0-9]{1,8}",
        "[0-9]{1,25}",
    ]
}

fn field_value() -> impl Strategy<Value = FieldValue> {
    prop_oneof![
        text().prop_map(FieldValue::Text),
        any::<bool>().prop_map(FieldValue::Bool),
        prop::collection::vec(text(), 0..40).prop_map(FieldValue::List),
        prop::collection::vec((text(), text()), 0..30).prop_map(FieldValue::Tags),
        prop::collection::vec((text(), text(), text()), 0..15).prop_map(|rows| {
            let credentials = rows
                .into_iter()
                .map(|(server, user, password)| RegistryCredential::new(&server, &user, &password))
                .collect();
            FieldValue::Credentials(credentials)
        }),
        prop::collection::vec((text(), prop::collection::vec(text(), 0..5)), 0..8).prop_map(
            |rows| {
                let registries = rows
                    .into_iter()
                    .map(|(instance_id, domains)| AcrRegistry {
                        instance_id,
                        domains,
                        ..AcrRegistry::default()
                    })
                    .collect();
                FieldValue::AcrRegistries(registries)
            }
        ),
    ]
}

/// Generates forms with an arbitrary value, of any type, in each field.
fn form() -> impl Strategy<Value = FormValues> {
    prop::collection::vec(prop::option::of(field_value()), FIELDS.len()).prop_map(|values| {
        let mut form = FormValues::new();
        for (field, value) in FIELDS.iter().zip(values) {
            if let Some(value) = value {
                form.set(field.key, value);
            }
        }
        form
    })
}

/// Generates forms whose required fields are valid and whose other fields have arbitrary
/// values, so that many of them pass validation.
fn form_with_required_fields() -> impl Strategy<Value = FormValues> {
    form().prop_map(|mut form| {
        form.set_text("image_cache_name", "web")
            .set_list("images", ["registry-vpc.cn-hangzhou.aliyuncs.com/ns/app:1"])
            .set_text("security_group_id", "sg-test")
            .set_text("vswitch_id", "vsw-test");
        form
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn validation_never_panics(form in form()) {
        let issues = validate(&form);
        for issue in &issues {
            prop_assert!(!issue.message.is_empty());
            prop_assert!(FIELDS.iter().any(|field| field.key == issue.field));
        }
        let _ = validate_for(Operation::Update, &form);
        let _ = create_params(&form);
        let _ = update_params("imc-1", &form);
    }

    #[test]
    fn submittable_form_sends_no_blank_value(form in form_with_required_fields()) {
        if is_submittable(&validate(&form)) {
            for (key, value) in create_params(&form).pairs() {
                prop_assert!(!value.is_empty(), "{} is blank", key);
                prop_assert!(!key.contains(".0"), "{} is numbered from 0", key);
            }
        }
    }

    #[test]
    fn many_images_never_panic(images in prop::collection::vec("[a-z0-9:./@-]{0,30}", 0..300)) {
        let mut form = FormValues::new();
        form.set_list("images", images);
        let _ = validate(&form);
    }
}
