// Needed so svelte-check sees the jest-dom matchers (see ../shared/stack.md).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference types="@testing-library/jest-dom/vitest" />
import '@testing-library/jest-dom/vitest';
