#pragma once
// The states of a background job: the inference engine's jobs and the user
// interface's tasks (ui::BackgroundTask) alike. Queued -> Running -> Done |
// Failed | Cancelled, with Cancelling between a cancel and the job's return.
// Threads: any. Light: no torch here.

namespace radlens::ai {

enum class JobState { Queued, Running, Cancelling, Cancelled, Done, Failed };
const char* jobStateName(JobState state);

}  // namespace radlens::ai
