// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { THEME_STORAGE_KEY, ThemeSetting } from './theme.svelte';

function memoryStorage(initial: Record<string, string> = {}): Storage {
	const data = new Map(Object.entries(initial));
	return {
		get length() {
			return data.size;
		},
		clear: () => data.clear(),
		getItem: (k) => data.get(k) ?? null,
		key: (i) => [...data.keys()][i] ?? null,
		removeItem: (k) => void data.delete(k),
		setItem: (k, v) => void data.set(k, String(v))
	};
}

describe('ThemeSetting', () => {
	it('follows the system preference until the learner picks a theme', () => {
		expect(new ThemeSetting({ storage: memoryStorage(), prefersDark: true }).current).toBe('dark');
		expect(new ThemeSetting({ storage: memoryStorage(), prefersDark: false }).current).toBe(
			'light'
		);
	});

	it('remembers a pick in storage and applies it to the root element', () => {
		const storage = memoryStorage();
		const root = document.createElement('html');
		const theme = new ThemeSetting({ storage, root, prefersDark: false });
		theme.toggle();
		flushSync();
		expect(theme.current).toBe('dark');
		expect(storage.getItem(THEME_STORAGE_KEY)).toBe('dark');
		expect(root.dataset.theme).toBe('dark');
		expect(new ThemeSetting({ storage, prefersDark: false }).current).toBe('dark');
	});

	it('ignores a corrupt stored value and follows the system instead', () => {
		const storage = memoryStorage({ [THEME_STORAGE_KEY]: '{"oops' });
		expect(new ThemeSetting({ storage, prefersDark: true }).current).toBe('dark');
	});

	it('keeps working when storage throws (private mode, full quota)', () => {
		const broken = memoryStorage();
		broken.getItem = () => {
			throw new Error('SecurityError');
		};
		broken.setItem = () => {
			throw new Error('QuotaExceededError');
		};
		const theme = new ThemeSetting({ storage: broken, prefersDark: false });
		expect(theme.current).toBe('light');
		theme.set('dark');
		flushSync();
		expect(theme.current).toBe('dark');
	});

	it('tracks a change of the system preference when no pick was made', () => {
		const theme = new ThemeSetting({ storage: memoryStorage(), prefersDark: false });
		theme.system = 'dark';
		flushSync();
		expect(theme.current).toBe('dark');
	});
});
