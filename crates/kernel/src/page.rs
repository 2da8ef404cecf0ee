//! Cursor pagination shared by every list port.

use uuid::Uuid;

/// Most items one page may hold.
pub const MAX_PAGE_SIZE: u32 = 200;
/// Items per page when the caller does not say.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Which page to read: items strictly after `after` (ids are time-ordered UUID v7), at most
/// `limit` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Id of the last item of the previous page, if any.
    pub after: Option<Uuid>,
    /// Page size, 1..=[`MAX_PAGE_SIZE`].
    pub limit: u32,
}

impl PageRequest {
    /// A request with `limit` clamped to 1..=[`MAX_PAGE_SIZE`] (`None` → the default).
    pub fn new(after: Option<Uuid>, limit: Option<u32>) -> Self {
        Self {
            after,
            limit: limit.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE),
        }
    }

    /// The first page with the default size.
    pub fn first() -> Self {
        Self::new(None, None)
    }
}

/// One page of results and the cursor for the next, if there is more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items, oldest first.
    pub items: Vec<T>,
    /// Pass as `after` to read the next page; `None` on the last page.
    pub next_after: Option<Uuid>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` fetched items, using the extra one only to know
    /// whether another page exists. `id` gives each item's cursor.
    pub fn from_overfetch(
        mut items: Vec<T>,
        request: PageRequest,
        id: impl Fn(&T) -> Uuid,
    ) -> Self {
        let limit = request.limit as usize;
        let more = items.len() > limit;
        items.truncate(limit);
        let next_after = if more { items.last().map(&id) } else { None };
        Self { items, next_after }
    }

    /// Transforms every item, keeping the cursor.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_after: self.next_after,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_limits_and_detects_more() {
        assert_eq!(PageRequest::new(None, Some(0)).limit, 1);
        assert_eq!(PageRequest::new(None, Some(10_000)).limit, MAX_PAGE_SIZE);
        let ids: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
        let page = Page::from_overfetch(ids.clone(), PageRequest::new(None, Some(2)), |id| *id);
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.next_after, Some(ids[1]));
        let last =
            Page::from_overfetch(ids[..2].to_vec(), PageRequest::new(None, Some(2)), |id| *id);
        assert_eq!(last.next_after, None);
    }
}
