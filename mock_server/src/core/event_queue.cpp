#include "core/event_queue.h"

namespace descript_mock {

namespace {

bool earlier(const Event &a, const Event &b) { return a.due != b.due ? a.due < b.due : a.order < b.order; }

} // namespace

void EventQueue::push(const Event &event) {
  const bool fixed_delay = event.kind == EventKind::expire || event.kind == EventKind::uploads_expire;
  if (fixed_delay) {
    auto &fifo = expiries_[event.kind == EventKind::expire ? 0 : 1];
    // Restored snapshots list events in any order: one out of order goes to the heap.
    if (fifo.empty() || !earlier(event, fifo.back())) {
      fifo.push_back(event);
      return;
    }
  }
  heap_.push(event);
}

std::deque<Event> *EventQueue::earliest_fifo() const {
  std::deque<Event> *best = nullptr;
  const Event *best_event = heap_.empty() ? nullptr : &heap_.top();
  for (auto &fifo : expiries_)
    if (!fifo.empty() && (!best_event || earlier(fifo.front(), *best_event))) {
      best = &fifo;
      best_event = &fifo.front();
    }
  return best;
}

const Event &EventQueue::top() const {
  if (auto *fifo = earliest_fifo()) return fifo->front();
  return heap_.top();
}

void EventQueue::pop() {
  if (auto *fifo = earliest_fifo()) fifo->pop_front();
  else heap_.pop();
}

std::vector<Event> EventQueue::events() const {
  std::vector<Event> all;
  all.reserve(size());
  auto heap = heap_;
  for (; !heap.empty(); heap.pop()) all.push_back(heap.top());
  for (const auto &fifo : expiries_) all.insert(all.end(), fifo.begin(), fifo.end());
  return all;
}

void EventQueue::clear() {
  heap_ = {};
  for (auto &fifo : expiries_) fifo.clear();
}

} // namespace descript_mock
