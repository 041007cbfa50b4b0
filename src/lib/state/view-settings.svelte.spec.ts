// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readStoredView, VIEW_STORAGE_KEY, ViewSettings } from './view-settings.svelte';

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

describe('ViewSettings', () => {
	it('starts at normal speed, with motion and normal text, when nothing is stored', () => {
		const view = new ViewSettings({ storage: memoryStorage() });
		expect(view.speed).toBe(1);
		expect(view.reducedMotion).toBe(false);
		expect(view.largeText).toBe(false);
	});

	it('remembers speed, reduced motion and large text across visits', () => {
		const storage = memoryStorage();
		const view = new ViewSettings({ storage });
		view.setSpeed(4);
		view.setReduceMotion(true);
		view.setLargeText(true);
		const again = new ViewSettings({ storage });
		expect(again.speed).toBe(4);
		expect(again.reducedMotion).toBe(true);
		expect(again.largeText).toBe(true);
		expect(JSON.parse(storage.getItem(VIEW_STORAGE_KEY) ?? '')).toEqual({
			speed: 4,
			reduceMotion: true,
			largeText: true
		});
	});

	it("honours the system's reduced-motion request even when the in-app toggle is off", () => {
		const view = new ViewSettings({ storage: memoryStorage(), systemReducedMotion: true });
		expect(view.reduceMotionChosen).toBe(false);
		expect(view.reducedMotion).toBe(true);
		view.systemReducedMotion = false;
		expect(view.reducedMotion).toBe(false);
	});

	it('ignores corrupt storage, field by field, and never throws', () => {
		for (const bad of ['{"broken', '42', 'null', '[]', '"x"']) {
			expect(readStoredView(memoryStorage({ [VIEW_STORAGE_KEY]: bad }))).toEqual({
				speed: 1,
				reduceMotion: false,
				largeText: false
			});
		}
		expect(
			readStoredView(
				memoryStorage({
					[VIEW_STORAGE_KEY]: JSON.stringify({ speed: 3, reduceMotion: 'yes', largeText: true })
				})
			)
		).toEqual({ speed: 1, reduceMotion: false, largeText: true });
	});

	it('keeps working when storage throws (private mode, blocked cookies)', () => {
		const throwing = {
			getItem: () => {
				throw new Error('blocked');
			},
			setItem: () => {
				throw new Error('full');
			}
		} as unknown as Storage;
		const view = new ViewSettings({ storage: throwing });
		expect(() => view.setLargeText(true)).not.toThrow();
		expect(view.largeText).toBe(true);
	});
});
