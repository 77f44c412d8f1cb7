/**
 * A worker that cannot start: its module fails as it loads (as a binary built without the worker's
 * module would). For `tests/threads_test.ts`.
 *
 * @module
 */
throw new Error("this worker cannot start");
