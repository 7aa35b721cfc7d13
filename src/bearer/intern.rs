//! [`Interner`]: one shared copy of values that many cache entries repeat (scope lists, ACR
//! values, the compact rest of an answer), so that 100 000 entries of the same client hold one
//! copy each instead of 100 000.
//!
//! ```text
//! static SCOPES: Interner<[String]> = Interner::new();
//! let a = SCOPES.intern(vec!["read".to_owned()].into());
//! let b = SCOPES.intern(vec!["read".to_owned()].into());
//! assert!(Arc::ptr_eq(&a, &b));
//! ```
//!
//! The table holds a strong reference to each value; values no entry holds any more are dropped
//! when the table has doubled since it was last swept, so it never holds more than twice the
//! distinct values in use (plus [`MIN_SWEEP`]). It is only used when an answer is cached (a
//! miss), never on a hit.

use std::collections::HashSet;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

/// The table is not swept below this many values.
const MIN_SWEEP: usize = 1024;

/// A table of shared values of type `T`.
pub(crate) struct Interner<T: ?Sized> {
    table: Mutex<Option<Table<T>>>,
}

struct Table<T: ?Sized> {
    values: HashSet<Arc<T>>,
    /// Sweep when `values` reaches this size.
    sweep_at: usize,
}

impl<T: ?Sized + Hash + Eq> Interner<T> {
    /// An empty table (usable in a `static`).
    pub(crate) const fn new() -> Self {
        Interner {
            table: Mutex::new(None),
        }
    }

    /// The shared copy of `value`: an earlier equal value, or `value` itself, now shared.
    pub(crate) fn intern(&self, value: Arc<T>) -> Arc<T> {
        let mut guard = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        let table = guard.get_or_insert_with(|| Table {
            values: HashSet::new(),
            sweep_at: MIN_SWEEP,
        });
        if let Some(shared) = table.values.get(&*value) {
            return shared.clone();
        }
        if table.values.len() >= table.sweep_at {
            table.values.retain(|value| Arc::strong_count(value) > 1);
            table.sweep_at = (table.values.len() * 2).max(MIN_SWEEP);
        }
        table.values.insert(value.clone());
        value
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        let guard = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        guard.as_ref().map_or(0, |table| table.values.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_one_copy_and_unused_ones_are_swept() {
        let interner: Interner<str> = Interner::new();
        let a = interner.intern(Arc::from("read write"));
        let b = interner.intern(Arc::from("read write"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &interner.intern(Arc::from("read"))));
        // Values nobody holds are dropped once the table has grown enough.
        for n in 0..MIN_SWEEP * 3 {
            drop(interner.intern(Arc::from(n.to_string())));
        }
        assert!(interner.len() <= MIN_SWEEP + 2, "swept: {}", interner.len());
        let c = interner.intern(Arc::from("read write"));
        assert!(Arc::ptr_eq(&a, &c), "a value in use is kept");
    }
}
