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

/** What a caller passes (before defaults and transforms). */
export type ChannelInput<C extends Channel> = z.input<C['input']>;
/** What a handler receives after the schema has checked the input. */
export type ChannelParsedInput<C extends Channel> = z.output<C['input']>;
export type ChannelOutput<C extends Channel> = z.output<C['output']>;

/** The implementation a service gives for a group of channels. */
export type Handlers<G extends ChannelGroup> = {
  [K in keyof G]: (input: ChannelParsedInput<G[K]>) => Promise<ChannelOutput<G[K]>> | ChannelOutput<G[K]>;
};
