//! Rules for the image list. Each entry must be a reference with a tag or digest, and no
//! image may be listed twice. A `latest` tag, a digest algorithm that runtimes do not
//! implement, and a public registry with no EIP set, are warnings.
//!
//! A repeated image is an error rather than a warning: it uses up one of the 20 entries,
//! the API's handling of a repeated `Image.N` value is not documented, and removing the
//! line loses nothing. Spellings that Docker resolves to the same image (`nginx:1` and
//! `docker.io/library/nginx:1`) count as repeats.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::definition::{quoted_list, Field, Operation};
use super::rules::{count_of, entries, is_value_separator, quote};
use super::values::{FieldValue, FormValues};
use super::{field, FieldIssue};
use crate::image_ref::{ImageRef, KNOWN_DIGESTS};

/// Checks the non-blank entries of the image list, each with its line number.
pub(crate) fn check_images(
    field: &Field,
    images: &[(usize, &str)],
    max_items: usize,
    issues: &mut Vec<FieldIssue>,
) {
    if images.len() > max_items {
        let excess = images.len() - max_items;
        issues.push(field.error(format!(
            "{}: {} images are listed, but an image cache holds at most {max_items}; remove {}.",
            field.label,
            images.len(),
            count_of(excess, "image")
        )));
    }

    let mut first_line: HashMap<String, usize> = HashMap::new();
    for &(line, text) in images {
        let reference = match ImageRef::parse_versioned(text) {
            Ok(reference) => reference,
            Err(error) => {
                let count = images_on_one_line(text);
                let problem = if count > 1 {
                    format!("It lists {count} images on one line; put each image on its own line.")
                } else {
                    error.to_string()
                };
                issues.push(field.error(format!(
                    "{}, line {line} (`{}`): {problem}",
                    field.label,
                    quote(text)
                )));
                continue;
            }
        };

        let normalized = reference.normalized();
        if let Some(first) = first_line.get(&normalized) {
            issues.push(field.error(format!(
                "{}, line {line} (`{}`) names the same image as line {first}; remove one of the \
                 two lines.",
                field.label,
                quote(text)
            )));
        } else {
            first_line.insert(normalized, line);
        }

        if let Some(algorithm) = unsupported_digest_algorithm(&reference) {
            let known: Vec<&str> = KNOWN_DIGESTS.iter().map(|(name, _)| *name).collect();
            issues.push(field.warning(format!(
                "{}, line {line} (`{}`): The digest algorithm `{algorithm}` is not {}, the \
                 algorithms that registries and container runtimes support, so the pull may \
                 fail. Use the image's `sha256` digest.",
                field.label,
                quote(text),
                quoted_list(&known)
            )));
        }

        if reference.tag() == Some("latest") && !reference.is_pinned() {
            issues.push(field.warning(format!(
                "{}, line {line} (`{}`): The tag `latest` is not a fixed version, so the cache \
                 holds whichever image `latest` named when the cache was built. Use a version \
                 tag, as in `{}:1.0`, or add a digest.",
                field.label,
                quote(text),
                quote(&reference.name())
            )));
        }
    }
}

/// Returns the digest algorithm of `reference` when it is not one of [`KNOWN_DIGESTS`]. The
/// reference grammar accepts any algorithm, but `distribution/reference` parses the digest
/// with `opencontainers/go-digest`, which rejects an algorithm it has no hash for, and its
/// algorithm table lists only sha256, sha384 and sha512.
// NOTE: a warning, not an error, because later go-digest versions can register more
// algorithms (BLAKE3), and which version the pulling runtime uses is not documented.
fn unsupported_digest_algorithm(reference: &ImageRef) -> Option<&str> {
    let (algorithm, _) = reference.digest()?.split_once(':')?;
    let known = KNOWN_DIGESTS.iter().any(|(name, _)| *name == algorithm);
    (!known).then_some(algorithm)
}

/// Returns how many references a line lists when it is several references separated by
/// commas, semicolons or whitespace, or 0 when any part is not a reference. A part may lack
/// a tag, because its own line then gets that error.
fn images_on_one_line(text: &str) -> usize {
    let parts: Vec<&str> = text
        .split(is_value_separator)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.iter().all(|part| ImageRef::parse(part).is_ok()) {
        parts.len()
    } else {
        0
    }
}

/// Returns a warning at the EIP field when no EIP is set and an image comes from a
/// registry that the temporary instance reaches only over the internet. A NAT gateway on
/// the vSwitch also gives internet access, which the form cannot see, hence a warning.
pub(crate) fn public_registry_warning(
    operation: Operation,
    values: &FormValues,
) -> Option<FieldIssue> {
    let eip = field("eip_instance_id")?;
    let images = field("images")?;
    if !eip.applies_to(operation) || !images.applies_to(operation) {
        return None;
    }
    if !values.text(eip.key).is_empty() {
        return None;
    }

    let private_domains = acr_domains(values);
    let public: Vec<(usize, &str, ImageRef)> = entries(values.get(images.key)?, '\n')
        .into_iter()
        .filter_map(|(line, text)| Some((line, text, ImageRef::parse_versioned(text).ok()?)))
        .filter(|(_, _, reference)| is_public(reference, &private_domains))
        .collect();
    let (line, text, reference) = public.first()?;

    let source = match reference.host() {
        Some(host) if !reference.is_docker_hub() => host.to_string(),
        _ => "Docker Hub".to_string(),
    };
    let summary = if public.len() == 1 {
        format!(
            "the image on {}, line {line} (`{}`) comes from a public registry ({source})",
            images.label,
            quote(text)
        )
    } else {
        format!(
            "{} images come from public registries, the first on {}, line {line} (`{}`, {source})",
            public.len(),
            images.label,
            quote(text)
        )
    };
    Some(eip.warning(format!(
        "{} is blank, but {summary}; the temporary instance needs an EIP, or a NAT gateway on the \
         vSwitch, to pull from the internet. Enter an EIP instance ID, or ignore this warning if \
         the vSwitch has a NAT gateway.",
        eip.label
    )))
}

/// Whether pulling `reference` needs internet access: it does unless the registry is an
/// Alibaba Cloud VPC endpoint, `localhost`, a private, loopback or link-local IP address,
/// or a custom domain of an ACR Enterprise instance listed in the form.
fn is_public(reference: &ImageRef, private_domains: &[String]) -> bool {
    let Some(host) = reference.host() else {
        return true;
    };
    let host = host.to_ascii_lowercase();
    if is_alibaba_cloud_vpc_endpoint(&host) || host == "localhost" || is_local_ip(&host) {
        return false;
    }
    let domain = reference.domain().unwrap_or_default().to_ascii_lowercase();
    !private_domains
        .iter()
        .any(|private| *private == host || *private == domain)
}

/// Whether `host` is an IPv4 address, or an IPv6 address in brackets, that is reachable
/// without the internet: private (RFC 1918, or IPv6 unique local `fc00::/7`), loopback or
/// link-local.
fn is_local_ip(host: &str) -> bool {
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return ip.is_private() || ip.is_loopback() || ip.is_link_local();
    }
    let unbracketed = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'));
    unbracketed
        .and_then(|address| address.parse::<Ipv6Addr>().ok())
        .is_some_and(|ip| ip.is_loopback() || ip.is_unique_local() || ip.is_unicast_link_local())
}

/// Whether `host` is a VPC endpoint of Alibaba Cloud Container Registry:
/// `registry-vpc.cn-hangzhou.aliyuncs.com`, or an Enterprise instance's
/// `<instance>-registry-vpc.cn-hangzhou.cr.aliyuncs.com`.
fn is_alibaba_cloud_vpc_endpoint(host: &str) -> bool {
    let first_label = host.split('.').next().unwrap_or_default();
    host.ends_with(".aliyuncs.com") && first_label.ends_with("-vpc")
}

fn acr_domains(values: &FormValues) -> Vec<String> {
    match values.get("acr_registry_info") {
        Some(FieldValue::AcrRegistries(registries)) => registries
            .iter()
            .flat_map(|registry| registry.domains.iter())
            .map(|domain| domain.trim().to_ascii_lowercase())
            .filter(|domain| !domain.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}
