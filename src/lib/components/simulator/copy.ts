/**
 * Copies text to the clipboard for the Copy buttons. Returns false when the browser refuses
 * (no permission, insecure context), so the caller can say so instead of failing silently.
 */
export async function copyText(text: string): Promise<boolean> {
	try {
		await navigator.clipboard.writeText(text);
		return true;
	} catch {
		return false;
	}
}
