//! Container image references, `[host[:port]/]path[:tag][@algorithm:hex]`, parsed with the
//! grammar of the `distribution/reference` Go package that Docker and containerd use.
//!
//! The first `/`-separated component is the registry host when it contains `.` or `:` or
//! is `localhost`. Docker also takes a first component with uppercase letters for a host.
//! This parser does not, so it reports `Myrepo/app:1` as a path that must be lowercase.
//! Known digest algorithms (`sha256`, `sha384`, `sha512`) need their exact number of
//! lowercase hex digits, as in `opencontainers/go-digest`. Other algorithms are accepted
//! when they match the reference grammar, although a registry may reject them.

mod error;
mod grammar;
mod look_alike;

use std::fmt;
use std::str::FromStr;

pub use error::{DigestProblem, ImageRefError};
use grammar::{check_look_alikes, check_scheme, check_whitespace, parse_domain, parse_reference};

/// Maximum length of the repository name: the registry host, its port and the path.
pub const NAME_MAX_LEN: usize = 255;

/// Maximum length of a tag.
pub const TAG_MAX_LEN: usize = 128;

/// Minimum number of hex digits of a digest whose algorithm is not one of [`KNOWN_DIGESTS`].
pub const OTHER_DIGEST_MIN_HEX: usize = 32;

/// Digest algorithms with a fixed number of lowercase hex digits.
pub const KNOWN_DIGESTS: &[(&str, usize)] = &[("sha256", 64), ("sha384", 96), ("sha512", 128)];

/// A parsed image reference. Every part keeps the spelling of the input, so
/// [`fmt::Display`] prints the reference that was parsed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImageRef {
    registry: Option<Registry>,
    path: String,
    tag: Option<String>,
    digest: Option<String>,
}

/// A registry address: a host and an optional port, with no scheme and no path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Registry {
    host: String,
    port: Option<u16>,
    /// `host[:port]` as written, so that a port with leading zeros prints unchanged.
    text: String,
}

impl Registry {
    /// Host name or IP address; an IPv6 address keeps its brackets (`[::1]`).
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// Returns `host[:port]`, as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl ImageRef {
    /// Parses a reference by the grammar alone, so a reference without a tag or digest is
    /// accepted (Docker would pull `latest`).
    pub fn parse(input: &str) -> Result<Self, ImageRefError> {
        parse_reference(input, true)
    }

    /// Parses a reference that must name a fixed image: it needs a tag or a digest, and
    /// Docker's implicit `latest` is rejected with [`ImageRefError::MissingTagOrDigest`].
    pub fn parse_versioned(input: &str) -> Result<Self, ImageRefError> {
        let reference = Self::parse(input)?;
        if reference.is_versioned() {
            return Ok(reference);
        }
        let suggestion = format!("{}:1.0", reference.name());
        let suggestion = parse_reference(&suggestion, false).ok().map(|_| suggestion);
        Err(ImageRefError::MissingTagOrDigest { suggestion })
    }

    /// Registry host and port, when the reference names one.
    pub fn registry(&self) -> Option<&Registry> {
        self.registry.as_ref()
    }

    /// Registry host without the port.
    pub fn host(&self) -> Option<&str> {
        self.registry.as_ref().map(Registry::host)
    }

    pub fn port(&self) -> Option<u16> {
        self.registry.as_ref().and_then(Registry::port)
    }

    /// Returns `host[:port]`, the part Docker calls the domain (`localhost:5000`).
    pub fn domain(&self) -> Option<&str> {
        self.registry.as_ref().map(Registry::as_str)
    }

    /// Repository path after the registry, such as `ns/app`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Returns the repository name: `domain/path`, or the path alone.
    pub fn name(&self) -> String {
        match self.domain() {
            Some(domain) => format!("{domain}/{}", self.path),
            None => self.path.clone(),
        }
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// Digest as `algorithm:hex`.
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }

    /// Whether the reference names a version: it has a tag or a digest.
    pub fn is_versioned(&self) -> bool {
        self.tag.is_some() || self.digest.is_some()
    }

    /// Whether the reference has a digest, which fixes the image content.
    pub fn is_pinned(&self) -> bool {
        self.digest.is_some()
    }

    /// Whether the image comes from Docker Hub: no registry, or `docker.io`,
    /// `index.docker.io` or `registry-1.docker.io`.
    pub fn is_docker_hub(&self) -> bool {
        match self.host() {
            None => true,
            Some(host) => {
                let host = host.to_ascii_lowercase();
                matches!(
                    host.as_str(),
                    "docker.io" | "index.docker.io" | "registry-1.docker.io"
                )
            }
        }
    }

    /// Returns the reference in the form Docker normalizes it to, so that two spellings
    /// of one image compare equal: Docker Hub becomes `docker.io`, a one-component Docker
    /// Hub path gets `library/`, and the host is lowercased.
    pub fn normalized(&self) -> String {
        let name = if self.is_docker_hub() {
            let port = self
                .port()
                .map(|port| format!(":{port}"))
                .unwrap_or_default();
            if self.path.contains('/') {
                format!("docker.io{port}/{}", self.path)
            } else {
                format!("docker.io{port}/library/{}", self.path)
            }
        } else {
            let registry = self
                .registry
                .as_ref()
                .map(Registry::as_str)
                .unwrap_or_default();
            format!("{}/{}", registry.to_ascii_lowercase(), self.path)
        };
        let tag = self
            .tag
            .as_ref()
            .map(|tag| format!(":{tag}"))
            .unwrap_or_default();
        let digest = self
            .digest
            .as_ref()
            .map(|digest| format!("@{digest}"))
            .unwrap_or_default();
        format!("{name}{tag}{digest}")
    }
}

impl FromStr for ImageRef {
    type Err = ImageRefError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

/// Parses a registry address such as `registry.example.com:5000`: a host with an optional
/// port, without a scheme, a path or a login. Registry logins and the insecure-registry lists of
/// the image-cache API take addresses in this form.
pub fn parse_registry_address(input: &str) -> Result<Registry, ImageRefError> {
    if input.is_empty() {
        return Err(ImageRefError::Empty);
    }
    // Each fix shortens the input or leaves no look-alike character in it, so the recursion
    // in `accept` ends.
    let accept = |fixed: String| parse_registry_address(&fixed).ok().map(|_| fixed);
    check_whitespace(input, accept)?;
    check_look_alikes(input, accept)?;
    check_scheme(input, |rest| {
        accept(rest.split('/').next().unwrap_or_default().to_string())
    })?;
    // A login (`user@`, `user:password@`) ends at the last `@`, because a password may
    // contain one.
    if let Some(at) = input.rfind('@') {
        let suggestion = accept(input[at + 1..].to_string());
        return Err(ImageRefError::UserInfo { suggestion });
    }
    if let Some(slash) = input.find('/') {
        let host_part = &input[..slash];
        let suggestion = parse_domain(host_part).ok().map(|_| host_part.to_string());
        return Err(ImageRefError::RegistryWithPath { suggestion });
    }
    parse_domain(input)
}
