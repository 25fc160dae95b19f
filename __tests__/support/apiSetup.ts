/**
 * api project setup. Each suite starts a real server, and the first answer it checks compiles the validators of
 * every documented operation (support/contract.ts): on a machine shared by several agents that alone has taken
 * over 4 s, so the default 5 s per test or hook fails suites for no fault of theirs (GUIDE: npm test must pass on a
 * busy machine). Assertions never depend on time; this only bounds a hang.
 */
jest.setTimeout(30_000);
