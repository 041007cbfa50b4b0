import type { HandleClientError } from '@sveltejs/kit';

/**
 * A missing page is an expected outcome with its own page, not an error worth logging; anything
 * else is logged once and shown to the learner as a plain message on the error page.
 */
export const handleError: HandleClientError = ({ error, status, message }) => {
	if (status !== 404) console.error(error);
	return { message };
};
