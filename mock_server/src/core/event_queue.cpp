#include "core/event_queue.h"

#include <algorithm>

namespace descript_mock {

namespace {

bool earlier(const Event &a, const Event &b) {
  return a.due != b.due ? a.due < b.due : a.order < b.order;
}

constexpr std::size_t arity = 4;

void heap_push(std::vector<Event> &heap, const Event &event) {
  std::size_t hole = heap.size();
  heap.push_back(event);
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / arity;
    if (!earlier(event, heap[parent])) break;
    heap[hole] = heap[parent];
    hole = parent;
  }
  heap[hole] = event;
}

void heap_pop(std::vector<Event> &heap) {
  const Event last = heap.back();
  heap.pop_back();
  if (heap.empty()) return;
  std::size_t hole = 0;
  for (;;) {
    const std::size_t first = arity * hole + 1;
    if (first >= heap.size()) break;
    std::size_t best = first;
    for (std::size_t child = first + 1; child < std::min(first + arity, heap.size()); ++child)
      if (earlier(heap[child], heap[best])) best = child;
    if (!earlier(heap[best], last)) break;
    heap[hole] = heap[best];
    hole = best;
  }
  heap[hole] = last;
}

} // namespace

void EventQueue::push(const Event &event) {
  const bool fixed_delay =
      event.kind == EventKind::expire || event.kind == EventKind::uploads_expire;
  if (fixed_delay) {
    auto &fifo = expiries_[event.kind == EventKind::expire ? 0 : 1];
    // Restored snapshots list events in any order: one out of order goes to the heap.
    if (fifo.empty() || !earlier(event, fifo.back())) {
      fifo.push_back(event);
      return;
    }
  }
  heap_push(heap_, event);
}

std::deque<Event> *EventQueue::earliest_fifo() const {
  std::deque<Event> *best = nullptr;
  const Event *best_event = heap_.empty() ? nullptr : &heap_.front();
  for (auto &fifo : expiries_)
    if (!fifo.empty() && (!best_event || earlier(fifo.front(), *best_event))) {
      best = &fifo;
      best_event = &fifo.front();
    }
  return best;
}

const Event &EventQueue::top() const {
  if (auto *fifo = earliest_fifo()) return fifo->front();
  return heap_.front();
}

void EventQueue::pop() {
  if (auto *fifo = earliest_fifo())
    fifo->pop_front();
  else
    heap_pop(heap_);
}

std::vector<Event> EventQueue::events() const {
  // The heap's part in due order, so that a snapshot's text does not depend on its layout.
  std::vector<Event> all = heap_;
  std::sort(all.begin(), all.end(), earlier);
  all.reserve(size());
  for (const auto &fifo : expiries_) all.insert(all.end(), fifo.begin(), fifo.end());
  return all;
}

void EventQueue::clear() {
  heap_ = {};
  for (auto &fifo : expiries_) fifo.clear();
}

} // namespace descript_mock
