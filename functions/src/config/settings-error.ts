/** A setting is missing or malformed. The message names the setting and never echoes its value. */
export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Setting ${setting} ${problem}.`);
    this.name = 'SettingsError';
  }
}
