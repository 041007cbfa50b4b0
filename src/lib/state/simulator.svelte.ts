/**
 * The simulator's model-side state: the scenario being simulated, the run the protocol engine derives
 * from it, the one Playback clock that walks through that run, and the link (query string) that holds
 * both the scenario and the step. It owns no protocol rule: steps, outcomes and the scenario format
 * come from `$lib/protocol` (`runScenario`, `parseScenarioQuery`, `serializeScenario`).
 *
 * The link format is the engine's scenario query plus `step=N`, where N counts the steps shown
 * (0 = before the first step, N = the Nth step). A link that the engine cannot fully read opens the
 * nearest valid scenario; what was ignored is kept in `problems` for the visible notice.
 * Writing the link into the address bar is left to the owner (the route passes SvelteKit's
 * `replaceState`), so this module runs in tests, lessons and embeds alike.
 */
import {
	cloneScenario,
	defaultScenario,
	formatStep,
	normalizeScenario,
	parseScenarioQuery,
	PRESETS,
	runScenario,
	serializeScenario,
	type Scenario,
	type Step
} from '$lib/protocol';
import { Playback, type Speed } from './playback.svelte';

export const STEP_PARAM = 'step';

export type LinkProblem = { field: string; message: string; accepted?: string[] };

/** What the Simulator reports to its owner after each change (for the address bar, lessons, quizzes). */
export type SimulatorChange = {
	query: string;
	step: number;
	finished: boolean;
	/** True while autoplay runs; owners may wait for it to stop before writing the address. */
	playing: boolean;
};

export type ParsedLink = { scenario: Scenario; step: number | null; problems: LinkProblem[] };

/** Splits a link into the engine's scenario part and our `step`, then lets the engine read the rest. */
export function parseLink(query: string): ParsedLink {
	// A local parse of a link, never read reactively.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
	const rawStep = params.get(STEP_PARAM);
	params.delete(STEP_PARAM);
	const parsed = parseScenarioQuery(params.toString());
	const problems: LinkProblem[] = [...parsed.problems];
	let step: number | null = null;
	if (rawStep !== null) {
		const n = Number(rawStep);
		if (/^\d+$/.test(rawStep) && Number.isSafeInteger(n)) step = n;
		else
			problems.push({
				field: STEP_PARAM,
				message: `"${rawStep}" is not a step number, so the simulation starts at the beginning.`
			});
	}
	return { scenario: parsed.scenario, step, problems };
}

/** The link for a scenario at a step (N steps shown). */
export function linkFor(scenario: Scenario, shown: number): string {
	const base = serializeScenario(scenario);
	return `${base}${base ? '&' : ''}${STEP_PARAM}=${shown}`;
}

/** The preset whose scenario is exactly this one, if any (presets and forms meet through the link). */
export function presetIdFor(scenario: Scenario): string | null {
	const key = serializeScenario(scenario);
	return PRESETS.find((p) => serializeScenario(p.scenario) === key)?.id ?? null;
}

export class SimulatorState {
	scenario = $state.raw<Scenario>(defaultScenario);
	/** What a link asked for that could not be used, for the visible notice. */
	problems = $state.raw<LinkProblem[]>([]);
	/** What the engine repaired after the last form change (e.g. an MX may not require TLS). */
	formProblems = $state.raw<LinkProblem[]>([]);
	readonly playback = new Playback(0);

	/** The engine's run of the scenario: every step and the outcome. */
	run = $derived(runScenario(this.scenario));
	steps = $derived(this.run.steps);
	outcome = $derived(this.run.outcome);
	/**
	 * The step the side panels describe, or null before the first (Playback.panelIndex: the
	 * diagram's step, two frames later during autoplay).
	 */
	current = $derived(
		this.playback.panelIndex >= 0 ? (this.steps[this.playback.panelIndex] ?? null) : null
	);
	/** The steps the side panels (the observer's capture) show so far, oldest first. */
	shown = $derived(this.steps.slice(0, this.playback.panelIndex + 1));
	/** Every transcript line of the run; the panel shows those of the steps shown so far. */
	transcript = $derived(this.steps.map(transcriptLines));
	/** The run has reached its last step, and its text is shown: time for the outcome. */
	finished = $derived(this.steps.length > 0 && this.playback.panelIndex >= this.steps.length - 1);
	/** The outcome banner shows: during autoplay one frame after `finished` (Playback.outcomeIndex). */
	outcomeShown = $derived(
		this.steps.length > 0 && this.playback.outcomeIndex >= this.steps.length - 1
	);
	presetId = $derived(presetIdFor(this.scenario));
	/** The link to this scenario at this step. */
	query = $derived(linkFor(this.scenario, this.playback.index + 1));

	constructor(opts: { initialQuery?: string; speed?: Speed; instant?: boolean } = {}) {
		this.playback.speed = opts.speed ?? 1;
		this.playback.instant = opts.instant ?? false;
		if (opts.initialQuery) this.applyLink(opts.initialQuery);
		else this.playback.reset(this.steps.length);
	}

	/** Opens a link: the nearest valid scenario at the step it names, noting what was ignored. */
	applyLink(query: string) {
		const { scenario, step, problems } = parseLink(query);
		this.scenario = scenario;
		const count = this.steps.length;
		if (step !== null && step > count) {
			problems.push({
				field: STEP_PARAM,
				message: `This scenario has ${count} steps, not ${step}, so the link opens at the last one.`
			});
		}
		this.problems = problems;
		this.playback.pause();
		this.playback.reset(count, (step ?? 0) - 1);
	}

	/** A new scenario from the form or a preset: start it from the beginning. */
	setScenario(scenario: Scenario) {
		this.scenario = scenario;
		this.playback.pause();
		this.playback.reset(this.steps.length);
	}

	/** A change from the form: applied to a copy, then repaired by the engine to the nearest valid scenario. */
	edit(change: (draft: Scenario) => void) {
		const draft = cloneScenario(this.scenario);
		change(draft);
		const { scenario, problems } = normalizeScenario(draft);
		this.formProblems = problems;
		this.setScenario(scenario);
	}

	choosePreset(id: string) {
		const preset = PRESETS.find((p) => p.id === id);
		if (!preset) return;
		this.formProblems = [];
		this.setScenario(preset.scenario);
	}

	dismissProblems() {
		this.problems = [];
	}
}

export type TranscriptLine = {
	/** Stable key: step index and line number. */
	key: string;
	text: string;
	encrypted: boolean;
};

/**
 * The transcript lines of one step, exactly as the engine formats them (`formatStep`: `C:`/`S:`/`A:`
 * lines, `-- TCP …` and `-- TLS …` events, `[TLS]` before every encrypted line), without the
 * observer column, which the observer panel shows instead.
 */
export function transcriptLines(step: Step): TranscriptLine[] {
	return formatStep({ ...step, observer: null }).map((text, i) => ({
		key: `${step.index}.${i}`,
		text,
		encrypted: step.encrypted
	}));
}
