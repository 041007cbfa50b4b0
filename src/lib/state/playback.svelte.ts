/**
 * The one playback clock (PhET's `step(dt)`): it turns elapsed time into "show the next step" for a
 * finite list of steps. Protocol machines are untimed; pacing lives only here. Components never call
 * setTimeout for the protocol; they read `index`, `progress` and `playing` and call the controls.
 *
 * - `index` is the step being shown (-1 before the first); `progress` (0..1) is how far the current
 *   step's message has travelled along its arrow, for the animation.
 * - With `instant` (reduced motion), a step appears whole at once: progress jumps to 1.
 * - `step(dtMs)` is public so tests drive the clock without real time; `start()` hooks it to
 *   requestAnimationFrame in the browser.
 */
export const SPEEDS = [0.5, 1, 1.5, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

/** How long one message takes to travel at 1×, and how long the finished step stays before the next. */
export const TRAVEL_MS = 900;
export const DWELL_MS = 700;

export class Playback {
	count = $state(0);
	index = $state(-1);
	progress = $state(1);
	playing = $state(false);
	speed = $state<Speed>(1);
	instant = $state(false);

	atStart = $derived(this.index <= -1);
	atEnd = $derived(this.index >= this.count - 1);

	#dwell = 0;
	#frame: number | null = null;
	#last: number | null = null;

	constructor(count: number, opts: { index?: number; instant?: boolean; speed?: Speed } = {}) {
		this.count = count;
		this.instant = opts.instant ?? false;
		this.speed = opts.speed ?? 1;
		this.index = clampIndex(opts.index ?? -1, count);
		this.progress = 1;
	}

	/** Replace the list of steps (a new scenario), keeping the position when it still exists. */
	reset(count: number, index = -1) {
		this.count = count;
		this.index = clampIndex(index, count);
		this.progress = 1;
		this.#dwell = 0;
		if (this.atEnd) this.playing = false;
	}

	play() {
		if (this.count === 0) return;
		if (this.atEnd) this.goTo(-1);
		this.playing = true;
		this.#dwell = DWELL_MS; // the first step starts at once
	}

	pause() {
		this.playing = false;
		this.progress = 1;
	}

	toggle() {
		if (this.playing) this.pause();
		else this.play();
	}

	forward() {
		this.pause();
		this.goTo(this.index + 1);
	}

	back() {
		this.pause();
		this.goTo(this.index - 1);
	}

	goTo(index: number) {
		this.index = clampIndex(index, this.count);
		this.progress = 1;
		this.#dwell = 0;
	}

	restart() {
		this.goTo(-1);
		this.play();
	}

	/** Advance the clock by dt milliseconds of real time. */
	step(dtMs: number) {
		if (!this.playing) return;
		const dt = Math.max(0, dtMs) * this.speed;
		if (this.progress < 1) {
			this.progress = this.instant ? 1 : Math.min(1, this.progress + dt / TRAVEL_MS);
			return;
		}
		this.#dwell += dt;
		if (this.#dwell < DWELL_MS) return;
		if (this.atEnd) {
			this.playing = false;
			return;
		}
		this.#dwell = 0;
		this.index += 1;
		this.progress = this.instant ? 1 : 0;
	}

	/** Drive the clock from requestAnimationFrame; returns a stop function. */
	start(): () => void {
		const tick = (now: number) => {
			if (this.#last !== null) this.step(Math.min(now - this.#last, 100));
			this.#last = now;
			this.#frame = requestAnimationFrame(tick);
		};
		this.#frame = requestAnimationFrame(tick);
		return () => {
			if (this.#frame !== null) cancelAnimationFrame(this.#frame);
			this.#frame = null;
			this.#last = null;
		};
	}
}

function clampIndex(index: number, count: number) {
	if (!Number.isFinite(index)) return -1;
	return Math.max(-1, Math.min(count - 1, Math.trunc(index)));
}
