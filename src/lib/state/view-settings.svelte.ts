/**
 * View-only settings of the simulator (PhET's ViewProperties): playback speed, reduced motion and
 * large text for projectors. They change how the simulation is shown, never what the protocol does,
 * so they live here and not in the machines or the scenario. Whether playback is paused is the
 * Playback clock's own `playing` flag and is deliberately not remembered: a page never starts moving
 * by itself.
 *
 * Reduced motion is on when the system asks for it (`prefers-reduced-motion: reduce`) OR the learner
 * turns it on in the app; the in-app toggle cannot override the system's request. The learner's
 * choices are remembered in localStorage under 'spl.view'; missing, blocked or corrupt storage (bad
 * JSON, wrong types, unknown speeds) is ignored field by field so the page always renders.
 */
import { SPEEDS, type Speed } from './playback.svelte';

export const VIEW_STORAGE_KEY = 'spl.view';

export type StoredView = { speed: Speed; reduceMotion: boolean; largeText: boolean };

const DEFAULTS: StoredView = { speed: 1, reduceMotion: false, largeText: false };

export function isSpeed(value: unknown): value is Speed {
	return typeof value === 'number' && (SPEEDS as readonly number[]).includes(value);
}

/** Reads what can be trusted from storage; anything else falls back to the default, field by field. */
export function readStoredView(storage: Storage | undefined): StoredView {
	let raw: unknown;
	try {
		const text = storage?.getItem(VIEW_STORAGE_KEY);
		raw = text ? JSON.parse(text) : null;
	} catch {
		raw = null;
	}
	const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
	return {
		speed: isSpeed(obj.speed) ? obj.speed : DEFAULTS.speed,
		reduceMotion: typeof obj.reduceMotion === 'boolean' ? obj.reduceMotion : DEFAULTS.reduceMotion,
		largeText: typeof obj.largeText === 'boolean' ? obj.largeText : DEFAULTS.largeText
	};
}

export class ViewSettings {
	speed = $state<Speed>(DEFAULTS.speed);
	/** The learner's in-app "reduce motion" choice. */
	reduceMotionChosen = $state(DEFAULTS.reduceMotion);
	/** What the operating system asks for (prefers-reduced-motion: reduce). */
	systemReducedMotion = $state(false);
	largeText = $state(DEFAULTS.largeText);

	/** Steps appear whole at once, with no travelling messages and no transitions. */
	reducedMotion = $derived(this.systemReducedMotion || this.reduceMotionChosen);

	#storage: Storage | undefined;

	constructor(opts: { storage?: Storage; systemReducedMotion?: boolean } = {}) {
		this.#storage = opts.storage;
		const stored = readStoredView(opts.storage);
		this.speed = stored.speed;
		this.reduceMotionChosen = stored.reduceMotion;
		this.largeText = stored.largeText;
		this.systemReducedMotion = opts.systemReducedMotion ?? false;
	}

	setSpeed(speed: Speed) {
		if (!isSpeed(speed)) return;
		this.speed = speed;
		this.#save();
	}

	setReduceMotion(on: boolean) {
		this.reduceMotionChosen = on;
		this.#save();
	}

	setLargeText(on: boolean) {
		this.largeText = on;
		this.#save();
	}

	#save() {
		const value: StoredView = {
			speed: this.speed,
			reduceMotion: this.reduceMotionChosen,
			largeText: this.largeText
		};
		try {
			this.#storage?.setItem(VIEW_STORAGE_KEY, JSON.stringify(value));
		} catch {
			// Private mode or a full quota: the choice still holds for this visit.
		}
	}
}

/** localStorage when the browser allows it; undefined on the server or when storage is blocked. */
export function browserStorage(): Storage | undefined {
	try {
		return typeof window === 'undefined' ? undefined : window.localStorage;
	} catch {
		return undefined;
	}
}
