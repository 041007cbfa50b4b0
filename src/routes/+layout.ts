// Every page is prerendered into a self-contained static build (see svelte.config.js).
export const prerender = true;
export const trailingSlash = 'always';
