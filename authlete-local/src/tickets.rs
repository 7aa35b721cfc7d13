//! The store of authorization tickets: bounded, and fair under a flood.
//!
//! A ticket waits for the user's decision for [`Lifetimes::ticket`](super::Lifetimes::ticket).
//! When the store is full, a new ticket evicts the oldest one that has lived at least
//! [`Lifetimes::ticket_minimum`](super::Lifetimes::ticket_minimum); only when every ticket is
//! younger is the new request refused (`503 A000503`). So anonymous requests that are never
//! decided cannot lock everyone out for the whole ticket lifetime, and a request already shown
//! to a user keeps at least `ticket_minimum` to be decided. Tickets expire in creation order, so
//! the oldest one is the front of a queue: insertion, eviction and expiry are O(1) amortised.
//!
//! ```text
//! let mut store = TicketStore::new(2, 600_000, 120_000);
//! store.insert(key_a, ticket_a, 0)?;              // t = 0 s
//! store.insert(key_b, ticket_b, 60_000)?;         // t = 60 s: full
//! assert!(store.insert(key_c, ticket_c, 90_000).is_err()); // a is only 90 s old
//! store.insert(key_c, ticket_c, 130_000)?;        // a is 130 s old: evicted
//! ```

use std::collections::{HashMap, VecDeque};

use super::store::{Full, Key};

#[derive(Debug)]
struct Entry<T> {
    created_at: i64,
    value: T,
}

/// Tickets by the SHA-256 of the ticket, with their creation order.
#[derive(Debug)]
pub(crate) struct TicketStore<T> {
    map: HashMap<Key, Entry<T>>,
    /// Creation time and key, oldest first; entries already taken are skipped lazily.
    order: VecDeque<(i64, Key)>,
    limit: usize,
    lifetime: i64,
    minimum: i64,
}

impl<T> TicketStore<T> {
    /// A store of at most `limit` tickets living `lifetime` ms, each kept at least `minimum` ms.
    pub fn new(limit: usize, lifetime: i64, minimum: i64) -> Self {
        TicketStore {
            map: HashMap::new(),
            order: VecDeque::new(),
            limit,
            lifetime,
            minimum: minimum.min(lifetime),
        }
    }

    /// Stores a ticket created `now`, after dropping the expired ones and, when full, the
    /// oldest one past its minimum. `Full` when every ticket is younger than the minimum.
    pub fn insert(&mut self, key: Key, value: T, now: i64) -> Result<(), Full> {
        let lifetime = self.lifetime;
        self.drop_front(|created_at| created_at + lifetime <= now);
        if self.map.len() >= self.limit {
            let minimum = self.minimum;
            let evicted = self.drop_one(|created_at| created_at + minimum <= now);
            if !evicted {
                return Err(Full);
            }
        }
        self.map.insert(
            key,
            Entry {
                created_at: now,
                value,
            },
        );
        self.order.push_back((now, key));
        if self.order.len() > 2 * self.limit {
            // Taken tickets leave the queue only at its front: compact it now and then.
            let map = &self.map;
            self.order.retain(|(created_at, key)| {
                map.get(key)
                    .is_some_and(|entry| entry.created_at == *created_at)
            });
        }
        Ok(())
    }

    /// Removes a ticket, returning it if it was live.
    pub fn take(&mut self, key: &Key, now: i64) -> Option<T> {
        match self.map.remove(key) {
            Some(entry) if entry.created_at + self.lifetime > now => Some(entry.value),
            _ => None,
        }
    }

    /// A live ticket, to read or change in place.
    pub fn get_mut(&mut self, key: &Key, now: i64) -> Option<&mut T> {
        let lifetime = self.lifetime;
        self.map
            .get_mut(key)
            .filter(|entry| entry.created_at + lifetime > now)
            .map(|entry| &mut entry.value)
    }

    /// Keeps the tickets for which `keep` answers true.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.map.retain(|_, entry| keep(&entry.value));
    }

    /// Number of tickets held (live or not yet dropped).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Drops front entries while `stale(created_at)` holds or they were already taken.
    fn drop_front(&mut self, stale: impl Fn(i64) -> bool) {
        while let Some(&(created_at, key)) = self.order.front() {
            let live = self
                .map
                .get(&key)
                .is_some_and(|entry| entry.created_at == created_at);
            if live && !stale(created_at) {
                break;
            }
            self.order.pop_front();
            if live {
                self.map.remove(&key);
            }
        }
    }

    /// Drops the oldest live ticket if `old_enough(created_at)`; whether one was dropped.
    fn drop_one(&mut self, old_enough: impl Fn(i64) -> bool) -> bool {
        self.drop_front(|_| false);
        match self.order.front() {
            Some(&(created_at, key)) if old_enough(created_at) => {
                self.order.pop_front();
                self.map.remove(&key);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> Key {
        [n; 32]
    }

    #[test]
    fn a_full_store_evicts_the_oldest_ticket_past_its_minimum() {
        let mut store = TicketStore::new(2, 600_000, 120_000);
        store.insert(key(1), "a", 0).unwrap();
        store.insert(key(2), "b", 60_000).unwrap();
        assert!(store.insert(key(3), "c", 90_000).is_err(), "a is 90 s old");
        store.insert(key(3), "c", 130_000).unwrap();
        assert_eq!(store.take(&key(1), 130_000), None, "a was evicted");
        assert!(store.insert(key(4), "d", 150_000).is_err(), "b is 90 s old");
        assert_eq!(store.take(&key(2), 150_000), Some("b"));
        store.insert(key(4), "d", 150_000).unwrap();
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn expired_tickets_are_dropped_and_invisible() {
        let mut store = TicketStore::new(2, 1_000, 500);
        store.insert(key(1), "a", 0).unwrap();
        assert_eq!(store.take(&key(1), 1_000), None);
        store.insert(key(2), "b", 0).unwrap();
        store.insert(key(3), "c", 100).unwrap();
        store.insert(key(4), "d", 1_000).unwrap();
        assert_eq!(store.len(), 2, "b expired and was dropped");
        assert_eq!(store.take(&key(3), 1_000), Some("c"));
    }

    #[test]
    fn taken_tickets_leave_the_order_lazily() {
        let mut store = TicketStore::new(1, 1_000, 500);
        store.insert(key(1), "a", 0).unwrap();
        assert_eq!(store.take(&key(1), 10), Some("a"));
        store.insert(key(2), "b", 20).unwrap();
        assert!(store.insert(key(3), "c", 30).is_err());
        store.retain(|_| false);
        store.insert(key(3), "c", 40).unwrap();
        assert_eq!(store.take(&key(3), 50), Some("c"));
    }
}
