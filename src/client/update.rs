//! UpdateImageCache, apart from the rest of the client so that its plumbing stays
//! unchanged.

use eci_core::api::{self, ApiError, RequestIdResponse};
use eci_core::schema::{self, FormValues};

use super::{random_uuid, Client};

impl Client {
    /// Updates the cache `image_cache_id` with the fields of the update form that are not
    /// blank. A fresh `ClientToken` makes the retries of this one call idempotent.
    pub async fn update(
        &self,
        image_cache_id: &str,
        form: &FormValues,
    ) -> Result<RequestIdResponse, ApiError> {
        let mut params = schema::update_params(image_cache_id, form);
        params.insert("ClientToken", random_uuid());
        self.call(api::UPDATE_IMAGE_CACHE, &params).await
    }
}
