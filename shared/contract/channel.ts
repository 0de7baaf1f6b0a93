import type { z } from 'zod';

/** One named call across the boundary: what it takes and what it gives back. */
export interface Channel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /**
   * The call may change the users or groups of the instance it names: once it succeeds, the main
   * side tells every window (`directory.changed`), so that what they show of it can follow.
   */
  readonly changesDirectory?: true;
  /**
   * For a call that reports on work under way (a job's status, asked again and again while it
   * runs): which job its answer is about, and a mark that moves only when the work changed the
   * directory. The change is announced only when the mark moved since that job's last answer.
   */
  readonly progressOf?: (output: z.output<O>) => { job: string; mark: string };
}

export type ChannelGroup = Readonly<Record<string, Channel>>;

export const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Channel<I, O> => ({
  input,
  output,
});

/** A channel about one instance whose success may change that instance's users or groups. */
export const changing = <I extends z.ZodType<{ instanceId: string }>, O extends z.ZodType>(
  input: I,
  output: O,
): Channel<I, O> => ({ input, output, changesDirectory: true });

/** A job's progress, as its start, status and cancel answer it: its id, state and rows done. */
interface JobProgressAnswer {
  id: string;
  state: string;
  processed: number;
}

/**
 * A channel that starts, polls or cancels a job on one instance: the job changes the directory a
 * chunk at a time, so a poll announces a change only when a chunk was done or the job's state moved.
 */
export const changingAsJob = <
  I extends z.ZodType<{ instanceId: string }>,
  O extends z.ZodType<JobProgressAnswer>,
>(
  input: I,
  output: O,
): Channel<I, O> => ({
  input,
  output,
  changesDirectory: true,
  progressOf: (answer) => ({ job: answer.id, mark: `${answer.state}/${answer.processed}` }),
});

/** What a caller passes (before defaults and transforms). */
export type ChannelInput<C extends Channel> = z.input<C['input']>;
/** What a handler receives after the schema has checked the input. */
export type ChannelParsedInput<C extends Channel> = z.output<C['input']>;
export type ChannelOutput<C extends Channel> = z.output<C['output']>;

/** The implementation a service gives for a group of channels. */
export type Handlers<G extends ChannelGroup> = {
  [K in keyof G]: (input: ChannelParsedInput<G[K]>) => Promise<ChannelOutput<G[K]>> | ChannelOutput<G[K]>;
};
