/** Runs `run` and returns the InputError it throws; fails the test on any other outcome. */
import { InputError } from '../../src/errors.ts';

export function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
