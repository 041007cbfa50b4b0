/**
 * The colour theme, a view setting: it follows `prefers-color-scheme` until the learner picks one,
 * then remembers the pick in localStorage. Storage that is missing, blocked or holds anything other
 * than 'light' or 'dark' is treated as "no pick" so the page always renders.
 * The pre-paint half of this lives in src/app.html, which reads the same key.
 */
export type ThemeName = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'spl.theme';

function readStored(storage: Storage | undefined): ThemeName | null {
	try {
		const value = storage?.getItem(THEME_STORAGE_KEY);
		return value === 'light' || value === 'dark' ? value : null;
	} catch {
		return null;
	}
}

export class ThemeSetting {
	/** The learner's explicit choice, or null to follow the system. */
	chosen = $state<ThemeName | null>(null);
	/** What the system prefers right now. */
	system = $state<ThemeName>('light');
	/** The theme in force. */
	current = $derived<ThemeName>(this.chosen ?? this.system);

	#storage: Storage | undefined;
	#root: HTMLElement | undefined;

	constructor(opts: { storage?: Storage; root?: HTMLElement; prefersDark?: boolean } = {}) {
		this.#storage = opts.storage;
		this.#root = opts.root;
		this.chosen = readStored(opts.storage);
		this.system = opts.prefersDark ? 'dark' : 'light';
	}

	toggle() {
		this.set(this.current === 'dark' ? 'light' : 'dark');
	}

	set(theme: ThemeName) {
		this.chosen = theme;
		try {
			this.#storage?.setItem(THEME_STORAGE_KEY, theme);
		} catch {
			// Private mode or a full quota: the choice still holds for this visit.
		}
		if (this.#root) this.#root.dataset.theme = theme;
	}
}
