// Testing Library's `findBy…`/`waitFor` give up after 1 s by default: on a two-core machine shared
// with other CPU-bound work, a render that takes 40 ms alone took longer, and the options page
// test failed though nothing was wrong. Their timeout is a hang bound like vitest's, not a speed
// check; a query that must fail still fails, only later.
import { configure } from '@testing-library/preact';

configure({ asyncUtilTimeout: 60_000 });
