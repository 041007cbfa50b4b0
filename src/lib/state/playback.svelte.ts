/**
 * The one playback clock (PhET's `step(dt)`): it turns elapsed time into "show the next step" for a
 * finite list of steps. Protocol machines are untimed; pacing lives only here. Components never call
 * setTimeout for the protocol; they read `index`, `progress` and `playing` and call the controls.
 *
 * - `index` is the step being shown (-1 before the first); `progress` (0..1) is how far the current
 *   step's message has travelled along its arrow. The diagram moves the packet with a Web
 *   Animation that the compositor runs, started where `progress` says: a frame of travel then lays
 *   out and paints nothing on the main thread (npm run bench:ui).
 * - During autoplay a new step is rendered over several animation frames, so that no frame does all
 *   its work (npm run bench:ui: the longest main-thread task with a 4× CPU slowdown). `index` moves
 *   first and the diagram shows the new message; then, one frame each, `detailIndex` (the
 *   transcript), `panelIndex` (explanation, observer, TLS details, timeline, live region) and
 *   `outcomeIndex` (the outcome banner, at the end of a run) catch up. During the dwell, in a frame
 *   of its own, `ahead` lets the diagram paint the next step on its hidden canvas; Play sets it in
 *   the press itself, so that the first frame of an autoplay, whose code also runs for the first
 *   time, does not paint as well (npm run bench:ui). A learner cannot see a lag of a few 16 ms
 *   frames; every control (pause, step, jump, reset) brings them all together at once.
 * - With `instant` (reduced motion), nothing travels: a step appears whole at once.
 * - `step(dtMs)` is public so tests drive the clock without real time; `start()` hooks it to
 *   requestAnimationFrame in the browser, and frames are requested only while playing (and for the
 *   few frames after it stops in which the panels catch up).
 */
export const SPEEDS = [0.5, 1, 1.5, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

/** How long one message takes to travel at 1×, and how long the finished step stays before the next. */
export const TRAVEL_MS = 900;
export const DWELL_MS = 700;
/** How many animation frames autoplay spreads the rendering of a new step over, after the first. */
const STAGES = 3;

export class Playback {
	count = $state(0);
	index = $state(-1);
	/** Frames rendered since autoplay moved `index` (STAGES once everything shows the same step). */
	#stage = $state(STAGES);
	/** The transcript's step: one frame after `index` during autoplay. */
	detailIndex = $derived(this.#lagging(1));
	/**
	 * The side panels' step (explanation, observer, TLS details, timeline, live region): two frames
	 * after `index`.
	 */
	panelIndex = $derived(this.#lagging(2));
	/**
	 * The outcome banner's step: one frame after the panels, so that the end of a run lays the
	 * banner out in a frame of its own (npm run bench:ui measured that frame at 41–54 ms with the
	 * last panels in it).
	 */
	outcomeIndex = $derived(this.#lagging(3));
	/**
	 * During autoplay, once the current step has travelled and the panels have caught up, and at
	 * once when Play is pressed: the diagram may paint the next step now, on its hidden canvas, so
	 * that the frame that shows it only swaps the canvases.
	 */
	ahead = $state(false);
	progress = $state(1);
	playing = $state(false);
	speed = $state<Speed>(1);
	#instant = $state(false);

	atStart = $derived(this.index <= -1);
	atEnd = $derived(this.index >= this.count - 1);

	/** Milliseconds (at 1×) the finished step has dwelt. */
	#dwell = 0;
	#frame: number | null = null;
	#last: number | null = null;
	#started = false;

	constructor(count: number, opts: { index?: number; instant?: boolean; speed?: Speed } = {}) {
		this.count = count;
		this.#instant = opts.instant ?? false;
		this.speed = opts.speed ?? 1;
		this.index = clampIndex(opts.index ?? -1, count);
	}

	/** Reduced motion: steps appear whole. Turning it on lands a travelling message at once. */
	get instant() {
		return this.#instant;
	}
	set instant(on: boolean) {
		this.#instant = on;
		if (on) this.progress = 1;
	}

	/** Replace the list of steps (a new scenario), keeping the position when it still exists. */
	reset(count: number, index = -1) {
		this.count = count;
		this.#land(clampIndex(index, count));
		if (this.atEnd) this.playing = false;
	}

	play() {
		if (this.count === 0) return;
		if (this.atEnd) this.goTo(-1);
		this.playing = true;
		this.#dwell = DWELL_MS; // the first step starts at once
		// Its picture is painted in a task of its own (SequenceDiagram), which runs before the first
		// frame unless that frame comes first: then the frame paints it.
		if (!this.atEnd) this.ahead = true;
		this.#request();
	}

	pause() {
		this.playing = false;
		this.#land(this.index);
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
		this.#land(clampIndex(index, this.count));
	}

	restart() {
		this.goTo(-1);
		this.play();
	}

	/** Advance the clock by dt milliseconds of real time. */
	step(dtMs: number) {
		// The rest of the page catches up with the step drawn at an earlier tick, one part per tick.
		// `caughtUp`: every part had caught up before this tick, so this tick's frame renders none.
		const caughtUp = this.#stage >= STAGES;
		if (!caughtUp) this.#stage += 1;
		if (!this.playing) return;
		const dt = Math.max(0, dtMs) * this.speed;
		if (this.progress < 1) {
			this.progress = Math.min(1, this.progress + dt / TRAVEL_MS);
			return;
		}
		this.#dwell += dt;
		if (this.#dwell < DWELL_MS) {
			// In a frame of its own: not one that moves `index` or renders a part catching up (with
			// reduced motion the dwell starts while the panels still catch up).
			if (!this.ahead && caughtUp && !this.atEnd) this.ahead = true;
			return;
		}
		if (this.atEnd) {
			this.playing = false;
			return;
		}
		this.#dwell = 0;
		this.index += 1; // the other indexes follow at the next ticks
		this.#stage = 0;
		this.ahead = false;
		this.progress = this.#instant ? 1 : 0;
	}

	/** Drive the clock from requestAnimationFrame while playing; returns a stop function. */
	start(): () => void {
		this.#started = true;
		this.#request();
		return () => {
			this.#started = false;
			if (this.#frame !== null) cancelAnimationFrame(this.#frame);
			this.#frame = null;
			this.#last = null;
		};
	}

	/** `index`, or the step before it until `stage` frames have been rendered since it moved. */
	#lagging(stage: number) {
		return this.#stage >= stage ? this.index : this.index - 1;
	}

	/** Ask for frames while there is something to do: playing, or panels still to catch up. */
	#request() {
		if (!this.#started || this.#frame !== null) return;
		const tick = (now: number) => {
			this.#frame = null;
			if (this.#last !== null) this.step(Math.min(now - this.#last, 100));
			if (this.playing || this.#stage < STAGES) {
				this.#last = now;
				this.#frame = requestAnimationFrame(tick);
			} else {
				this.#last = null;
			}
		};
		this.#frame = requestAnimationFrame(tick);
	}

	/** Show step `index` whole at once: nothing travelling, the text in step with the diagram. */
	#land(index: number) {
		this.index = index;
		this.#stage = STAGES;
		this.ahead = false;
		this.progress = 1;
		this.#dwell = 0;
	}
}

function clampIndex(index: number, count: number) {
	if (!Number.isFinite(index)) return -1;
	return Math.max(-1, Math.min(count - 1, Math.trunc(index)));
}
