#include "core/event_queue.h"

#include <algorithm>
#include <bit>

namespace descript_mock {

namespace {

bool earlier(const Event &a, const Event &b) {
  return a.due != b.due ? a.due < b.due : a.order < b.order;
}

// Bucket 0's heap order: the earliest scheduled on top.
bool later_scheduled(const Event &a, const Event &b) { return a.order > b.order; }

// The binary heap's order: the earliest on top.
bool later(const Event &a, const Event &b) { return earlier(b, a); }

// A due time as an unsigned key in the same order.
std::uint64_t key_of(TimePoint due) {
  return std::uint64_t(due.time_since_epoch().count()) ^ (std::uint64_t(1) << 63);
}

} // namespace

std::size_t EventQueue::bucket_of(std::uint64_t key) const {
  // The highest differing bit is 63 - countl_zero; bucket 1 holds bit 0.
  return key == last_key_ ? 0 : 64 - std::size_t(std::countl_zero(key ^ last_key_));
}

void EventQueue::push(const Event &event) {
  const bool fixed_delay =
      event.kind == EventKind::expire || event.kind == EventKind::uploads_expire;
  if (fixed_delay) {
    auto &fifo = expiries_[event.kind == EventKind::expire ? 0 : 1];
    // Restored snapshots list events in any order: one out of order goes to the radix heap.
    if (fifo.empty() || !earlier(event, fifo.back())) {
      fifo.push_back(event);
      return;
    }
  }
  const std::uint64_t key = key_of(event.due);
  if (key < last_key_) {
    early_.push_back(event);
    std::push_heap(early_.begin(), early_.end(), later);
    return;
  }
  auto &bucket = buckets_[bucket_of(key)];
  bucket.push_back(event);
  if (&bucket == &buckets_[0]) std::push_heap(bucket.begin(), bucket.end(), later_scheduled);
  ++radix_size_;
}

void EventQueue::refill() const {
  if (!buckets_[0].empty() || radix_size_ == 0) return;
  std::size_t first = 1;
  while (buckets_[first].empty()) ++first;
  std::vector<Event> moving;
  moving.swap(buckets_[first]);
  last_key_ = key_of(std::min_element(moving.begin(), moving.end(), earlier)->due);
  for (const Event &e : moving) {
    auto &bucket = buckets_[bucket_of(key_of(e.due))];
    bucket.push_back(e);
    if (&bucket == &buckets_[0]) std::push_heap(bucket.begin(), bucket.end(), later_scheduled);
  }
  // The emptied vector keeps its capacity for the next events of its bucket.
  moving.clear();
  moving.swap(buckets_[first]);
}

const Event *EventQueue::earliest_scheduled() const {
  // Every event of the binary heap is due before every event of the radix heap.
  if (!early_.empty()) return &early_.front();
  refill();
  return radix_size_ == 0 ? nullptr : &buckets_[0].front();
}

std::deque<Event> *EventQueue::earliest_fifo() const {
  std::deque<Event> *best = nullptr;
  const Event *best_event = earliest_scheduled();
  for (auto &fifo : expiries_)
    if (!fifo.empty() && (!best_event || earlier(fifo.front(), *best_event))) {
      best = &fifo;
      best_event = &fifo.front();
    }
  return best;
}

const Event &EventQueue::top() const {
  if (auto *fifo = earliest_fifo()) return fifo->front();
  return *earliest_scheduled();
}

void EventQueue::pop() {
  if (auto *fifo = earliest_fifo()) {
    fifo->pop_front();
    return;
  }
  if (!early_.empty()) {
    std::pop_heap(early_.begin(), early_.end(), later);
    early_.pop_back();
    return;
  }
  std::pop_heap(buckets_[0].begin(), buckets_[0].end(), later_scheduled);
  buckets_[0].pop_back();
  --radix_size_;
}

std::vector<Event> EventQueue::events() const {
  // Sorted, so that a snapshot's text does not depend on the buckets' layout; the FIFOs are
  // in order already, and merge in.
  std::vector<Event> all = early_;
  all.reserve(size());
  for (const auto &bucket : buckets_) all.insert(all.end(), bucket.begin(), bucket.end());
  std::sort(all.begin(), all.end(), earlier);
  for (const auto &fifo : expiries_) {
    const auto middle = all.insert(all.end(), fifo.begin(), fifo.end());
    std::inplace_merge(all.begin(), middle, all.end(), earlier);
  }
  return all;
}

void EventQueue::clear() {
  early_ = {};
  for (auto &bucket : buckets_) bucket = {};
  last_key_ = 0;
  radix_size_ = 0;
  for (auto &fifo : expiries_) fifo.clear();
}

} // namespace descript_mock
