/**
 * e2e project setup. A journey drives a real browser through several pages against a real server, and
 * the first run of a machine unpacks Chromium, so the default 5 s per test is far too short.
 */
jest.setTimeout(60_000);
