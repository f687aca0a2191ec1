//! Request ids for requests that come without one: 128 bits in the shape of a
//! UUID, the first half random per process, the second a counter scrambled by
//! a bijection (so ids do not reveal how many requests a server answered).
//! Unique within a process, and across processes while their random halves
//! differ; no system call per request, where a random UUID read the kernel's
//! random source every time (docs/performance.md, "/health").

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};
use uuid::Uuid;

#[derive(Clone, Copy, Default)]
pub struct ProcessRequestIds;

/// The random half, and the counter's starting point.
static SEED: LazyLock<(u64, u64)> = LazyLock::new(|| Uuid::new_v4().as_u64_pair());
static COUNTER: AtomicU64 = AtomicU64::new(0);

impl MakeRequestId for ProcessRequestIds {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let (random, start) = *SEED;
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let id = Uuid::from_u64_pair(random, scramble(start.wrapping_add(n)));
        let mut text = Uuid::encode_buffer();
        HeaderValue::from_str(id.hyphenated().encode_lower(&mut text)).ok().map(RequestId::new)
    }
}

/// SplitMix64's finaliser: a bijection on u64, so distinct counters give
/// distinct ids.
fn scramble(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_do_not_repeat_and_look_like_uuids() {
        let request = Request::new(());
        let mut ids = ProcessRequestIds;
        let made: HashSet<String> =
            (0..10_000).map(|_| ids.make_request_id(&request).unwrap().header_value().to_str().unwrap().to_owned()).collect();
        assert_eq!(made.len(), 10_000);
        assert!(made.iter().all(|id| Uuid::parse_str(id).is_ok()));
    }
}
