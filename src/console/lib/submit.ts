import { ref } from 'vue';
import { fieldErrors } from './field-errors.js';

/**
 * A form's save: `busy` while the request runs, and the API's errors by field when it
 * fails (fieldErrors). Checks made in the page may set `errors` before calling submit.
 */
export function useSubmit() {
  const busy = ref(false);
  const errors = ref<Record<string, string>>({});
  async function submit(action: () => Promise<unknown>): Promise<void> {
    busy.value = true;
    try {
      await action();
    } catch (err) {
      errors.value = fieldErrors(err);
    } finally {
      busy.value = false;
    }
  }
  return { busy, errors, submit };
}
