// Placeholder until the storage work lands: starts nothing.
export default async function setup(): Promise<void> {}
