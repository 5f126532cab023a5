//! The four ECI image-cache actions (API version 2018-08-08): request parameters, response
//! types and service errors. Parameter and field names are the wire names of the service,
//! as in Alibaba Cloud's `alibabacloud-eci20180808` 2.1.0 SDK.

pub mod actions;
pub mod error;
pub mod types;

pub use actions::*;
pub use error::*;
pub use types::*;
