/**
 * api project setup. Each suite starts a real server (migrations, seed, response-schema compilation) and many
 * drive it through dozens of requests; on a busy shared machine that takes far longer than jest's default 5 s per
 * hook or test, and how long it takes says nothing about whether it is right.
 */
jest.setTimeout(60_000);
