//! One form control per schema field, chosen by its [`FieldKind`], with the field's label,
//! help text and findings.

use std::collections::BTreeSet;

use eci_core::schema::{
    Column, ColumnKind, Field, FieldIssue, FieldKind, FieldValue, FormValues, Group, Operation,
    Severity, FIELDS,
};
use leptos::prelude::*;

use crate::form::{
    add_row, bool_value, cell_text, code_spans, messages_for, remove_row, row_count, set_cell,
    text_value, visible_issues,
};

/// The values of a form and the findings it shows.
#[derive(Clone, Copy)]
pub struct FormState {
    /// The request the form is filled in for, which decides its fields and rules.
    pub operation: Operation,
    pub values: RwSignal<FormValues>,
    pub touched: RwSignal<BTreeSet<&'static str>>,
    /// Set by the first submit attempt; from then on every finding shows.
    pub submitted: RwSignal<bool>,
    /// A finding from the service about one field, shown until that field changes.
    pub server_issue: RwSignal<Option<FieldIssue>>,
    pub issues: Memo<Vec<FieldIssue>>,
}

impl FormState {
    /// Creates an empty CreateImageCache form.
    pub fn new() -> Self {
        Self::for_operation(Operation::Create, FormValues::new())
    }

    /// Creates a form for `operation` that starts with `initial` values.
    pub fn for_operation(operation: Operation, initial: FormValues) -> Self {
        let values = RwSignal::new(initial);
        let touched = RwSignal::new(BTreeSet::new());
        let submitted = RwSignal::new(false);
        let server_issue = RwSignal::new(None::<FieldIssue>);
        let issues = Memo::new(move |_| {
            let submitted = submitted.get();
            let mut issues = values.with(|values| {
                touched.with(|touched| visible_issues(operation, values, touched, submitted))
            });
            issues.extend(server_issue.get());
            issues
        });
        Self {
            operation,
            values,
            touched,
            submitted,
            server_issue,
            issues,
        }
    }

    /// Applies a change to the field `key` and marks the field as touched, which shows its
    /// findings.
    pub fn edit(&self, key: &'static str, change: impl FnOnce(&mut FormValues)) {
        self.values.update(change);
        if !self.touched.with_untracked(|touched| touched.contains(key)) {
            self.touched.update(|touched| {
                touched.insert(key);
            });
        }
        let about_this_field = self
            .server_issue
            .with_untracked(|issue| issue.as_ref().is_some_and(|i| i.field == key));
        if about_this_field {
            self.server_issue.set(None);
        }
    }

    fn messages(&self, key: &str, severity: Severity) -> Vec<String> {
        self.issues
            .with(|issues| messages_for(issues, key, severity))
    }

    fn has_error(&self, key: &str) -> bool {
        !self.messages(key, Severity::Error).is_empty()
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

/// Renders the fields of one group in a fieldset: those that the form's operation sends,
/// each with the note that `notes` has for its key, if any.
#[component]
pub fn FieldGroup(
    group: Group,
    form: FormState,
    #[prop(optional)] notes: Vec<(&'static str, String)>,
) -> impl IntoView {
    let fields = FIELDS
        .iter()
        .filter(move |field| field.group == group && field.applies_to(form.operation));
    let note_for = move |key: &str| {
        notes
            .iter()
            .find(|(note_key, _)| *note_key == key)
            .map(|(_, note)| note.clone())
    };
    view! {
        <fieldset class="group">
            <legend>{group_label(group)}</legend>
            {fields
                .map(|field| {
                    view! { <FieldControl field=field form=form note=note_for(field.key) /> }
                })
                .collect_view()}
        </fieldset>
    }
}

/// Returns the groups that have fields, in the order their first field appears.
pub fn groups() -> Vec<Group> {
    let mut groups = Vec::new();
    for field in FIELDS {
        if !groups.contains(&field.group) {
            groups.push(field.group);
        }
    }
    groups
}

fn group_label(group: Group) -> &'static str {
    match group {
        Group::Basic => "Basics",
        Group::Network => "Network of the temporary instance",
        Group::Registry => "Private registries",
        Group::Advanced => "Advanced",
    }
}

/// Renders the control, label, help text and findings of one field. A `note`, such as
/// "not returned by the API", is shown under the help text (`#field-<key>-note`).
#[component]
pub fn FieldControl(
    field: &'static Field,
    form: FormState,
    #[prop(default = None)] note: Option<String>,
) -> impl IntoView {
    let key = field.key;
    let note = note.map(|text| {
        view! { <p class="help field-note" id=format!("field-{key}-note")>{text}</p> }
    });
    let control = match field.kind {
        FieldKind::Bool => return checkbox(field, form, note).into_any(),
        FieldKind::Credentials { .. } | FieldKind::Tags { .. } | FieldKind::AcrRegistries => {
            return rows_view(field, form, note).into_any()
        }
        FieldKind::Integer { .. } => text_input(field, form, "numeric").into_any(),
        FieldKind::Images { .. } => lines_textarea(field, form).into_any(),
        FieldKind::Choice { options } => choice_select(field, form, options).into_any(),
        // Text, comma-separated lists, and any kind added to the schema later.
        _ => text_input(field, form, "text").into_any(),
    };
    view! {
        <div class="field" class:has-error=move || form.has_error(key)>
            <label for=control_id(key)>{field.label} {required_marker(field, form)}</label>
            {control}
            <p class="help" id=format!("field-{key}-help")>{rich_text(field.hint())}</p>
            {note}
            <FieldMessages key=key form=form />
        </div>
    }
    .into_any()
}

/// Renders the field's error messages (`#field-<key>-error`) and warnings (`#field-<key>-warning`).
#[component]
fn FieldMessages(key: &'static str, form: FormState) -> impl IntoView {
    let errors = move || form.messages(key, Severity::Error);
    let warnings = move || form.messages(key, Severity::Warning);
    view! {
        {move || {
            let errors = errors();
            (!errors.is_empty()).then(|| view! {
                <p id=format!("field-{key}-error") class="field-error" role="alert">
                    {rich_text(errors.join(" "))}
                </p>
            })
        }}
        {move || {
            let warnings = warnings();
            (!warnings.is_empty()).then(|| view! {
                <p id=format!("field-{key}-warning") class="field-warning" role="status">
                    {rich_text(warnings.join(" "))}
                </p>
            })
        }}
    }
}

/// Renders a message with its backtick-quoted spans as `<code>`.
fn rich_text(message: String) -> impl IntoView {
    code_spans(&message)
        .into_iter()
        .map(|(is_code, text)| {
            if is_code {
                view! { <code>{text}</code> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

fn control_id(key: &str) -> String {
    format!("field-{key}")
}

fn described_by(key: &str) -> String {
    format!("field-{key}-help field-{key}-note field-{key}-error field-{key}-warning")
}

fn required_marker(field: &Field, form: FormState) -> Option<impl IntoView> {
    field
        .is_required(form.operation)
        .then(|| view! { <span class="required">"(required)"</span> })
}

fn text_input(field: &'static Field, form: FormState, input_mode: &'static str) -> impl IntoView {
    let key = field.key;
    view! {
        <input
            id=control_id(key)
            type="text"
            inputmode=input_mode
            autocomplete="off"
            spellcheck="false"
            aria-required=field.is_required(form.operation).to_string()
            aria-invalid=move || form.has_error(key).to_string()
            aria-describedby=described_by(key)
            prop:value=move || form.values.with(|values| text_value(values, key))
            on:input=move |event| {
                let text = event_target_value(&event);
                form.edit(key, |values| {
                    values.set_text(key, text);
                });
            }
        />
    }
}

/// Renders a textarea with one entry per line, kept as typed so the schema can name the line of a
/// bad entry. It starts with the form's value; later its text is not bound back from the form,
/// which the browser already shows.
fn lines_textarea(field: &'static Field, form: FormState) -> impl IntoView {
    let key = field.key;
    let initial = form.values.with_untracked(|values| text_value(values, key));
    view! {
        <textarea
            id=control_id(key)
            rows="4"
            spellcheck="false"
            placeholder="registry.example.com/namespace/image:tag"
            prop:value=initial
            aria-required=field.is_required(form.operation).to_string()
            aria-invalid=move || form.has_error(key).to_string()
            aria-describedby=described_by(key)
            on:input=move |event| {
                let text = event_target_value(&event);
                form.edit(key, |values| {
                    values.set_text(key, text);
                });
            }
        ></textarea>
    }
}

fn choice_select(
    field: &'static Field,
    form: FormState,
    options: &'static [&'static str],
) -> impl IntoView {
    let key = field.key;
    let blank_label = field.default.map_or("(not set)".to_string(), |default| {
        format!("(default: {default})")
    });
    view! {
        <select
            id=control_id(key)
            aria-describedby=described_by(key)
            prop:value=move || form.values.with(|values| text_value(values, key))
            on:change=move |event| {
                let text = event_target_value(&event);
                form.edit(key, |values| {
                    values.set_text(key, text);
                });
            }
        >
            <option value="">{blank_label}</option>
            {options
                .iter()
                .map(|option| view! { <option value=*option>{*option}</option> })
                .collect_view()}
        </select>
    }
}

fn checkbox(field: &'static Field, form: FormState, note: Option<impl IntoView>) -> impl IntoView {
    let key = field.key;
    view! {
        <div class="field field-checkbox">
            <input
                id=control_id(key)
                type="checkbox"
                aria-describedby=described_by(key)
                prop:checked=move || form.values.with(|values| bool_value(values, key))
                on:change=move |event| {
                    let checked = event_target_checked(&event);
                    form.edit(key, |values| {
                        values.set(key, FieldValue::Bool(checked));
                    });
                }
            />
            <label for=control_id(key)>{field.label}</label>
            <p class="help" id=format!("field-{key}-help")>{rich_text(field.hint())}</p>
            {note}
            <FieldMessages key=key form=form />
        </div>
    }
}

/// Renders a row-valued field (registry logins, tags, ACR instances): one line of inputs per row,
/// one input per schema column, with Add and Remove buttons.
fn rows_view(field: &'static Field, form: FormState, note: Option<impl IntoView>) -> impl IntoView {
    let key = field.key;
    let count = Memo::new(move |_| form.values.with(|values| row_count(values, key)));
    let max_items = match field.kind {
        FieldKind::Credentials { max_items } | FieldKind::Tags { max_items } => Some(max_items),
        _ => None,
    };
    let at_max = move || max_items.is_some_and(|max| count.get() >= max);
    let row_noun = row_noun(field);
    let row = move |index: usize| {
        let cells = field
            .columns
            .iter()
            .map(|column| cell_input(field, form, index, column));
        view! {
            <div class="row" role="group" aria-label=format!("{row_noun} {}", index + 1)>
                {cells.collect_view()}
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| form.edit(key, |values| remove_row(values, field, index))
                >
                    {format!("Remove {row_noun} {}", index + 1)}
                </button>
            </div>
        }
    };
    view! {
        <fieldset id=control_id(key) class="field rows" aria-describedby=described_by(key)>
            <legend>{field.label}</legend>
            <For each=move || 0..count.get() key=|index| *index children=row />
            <button
                type="button"
                disabled=at_max
                on:click=move |_| form.edit(key, |values| add_row(values, field))
            >
                {format!("Add {row_noun}")}
            </button>
            <p class="help" id=format!("field-{key}-help")>{rich_text(field.hint())}</p>
            {note}
            <FieldMessages key=key form=form />
        </fieldset>
    }
}

/// Returns what one row of the field is called in button labels.
fn row_noun(field: &Field) -> &'static str {
    match field.kind {
        FieldKind::Credentials { .. } => "registry login",
        FieldKind::Tags { .. } => "tag",
        FieldKind::AcrRegistries => "instance",
        _ => "row",
    }
}

/// Renders the labelled input of one cell. A list column is a textarea with one entry per line
/// that, like the images textarea, is not bound back from the form.
fn cell_input(
    field: &'static Field,
    form: FormState,
    index: usize,
    column: &'static Column,
) -> impl IntoView {
    let key = field.key;
    let id = format!("field-{key}-{index}-{}", column.key);
    let label = view! {
        <label for=id.clone() title=column.help>
            {column.label} {column.required.then_some(" (required)")}
        </label>
    };
    let store =
        move |text: String| form.edit(key, |values| set_cell(values, field, index, column, text));
    let cell_value = move || {
        form.values
            .with(|values| cell_text(values, key, index, column))
    };
    let control = match column.kind {
        ColumnKind::RegistryAddressList => view! {
            <textarea
                id=id
                rows="2"
                spellcheck="false"
                prop:value=cell_value()
                on:input=move |event| store(event_target_value(&event))
            ></textarea>
        }
        .into_any(),
        kind => view! {
            <input
                id=id
                type=if kind == ColumnKind::Secret { "password" } else { "text" }
                autocomplete="off"
                spellcheck="false"
                prop:value=cell_value
                on:input=move |event| store(event_target_value(&event))
            />
        }
        .into_any(),
    };
    view! { <span class="cell">{label}{control}</span> }
}
