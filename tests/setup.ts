// Needed so svelte-check sees the jest-dom matchers (see ../shared/stack.md).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference types="@testing-library/jest-dom/vitest" />
import '@testing-library/jest-dom/vitest';

// jsdom has no 2D canvas: its getContext logs "not implemented" and returns nothing. Return null
// quietly instead, as a browser without 2D canvas does; the sequence diagram then draws nothing and
// keeps its lanes and words (SequenceDiagram.svelte).
if (typeof HTMLCanvasElement !== 'undefined') {
	HTMLCanvasElement.prototype.getContext = (() => null) as HTMLCanvasElement['getContext'];
}
