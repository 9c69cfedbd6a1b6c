/** Reading a compiled ARM template: its resources (nested module deployments included), by type and by name. */
import type { ArmResource, ArmTemplate } from './bicep.js';

export function resourcesOf(template: ArmTemplate): ArmResource[] {
  return Array.isArray(template.resources) ? template.resources : Object.values(template.resources);
}

/** The template of the module deployed as `name` (Bicep compiles each module to a nested deployment). */
export function moduleTemplate(template: ArmTemplate, name: string): ArmTemplate {
  const deployment = moduleDeployment(template, name);
  if (!deployment.properties?.template) throw new Error(`module ${name} has no inline template`);
  return deployment.properties.template;
}

export function moduleDeployment(template: ArmTemplate, name: string): ArmResource {
  const deployment = resourcesOf(template).find((r) => r.type === 'Microsoft.Resources/deployments' && r.name === name);
  if (!deployment) throw new Error(`no module deployment named ${name}`);
  return deployment;
}

export function resourcesOfType(template: ArmTemplate, type: string): ArmResource[] {
  return resourcesOf(template).filter((r) => r.type === type);
}

export function onlyResource(template: ArmTemplate, type: string): ArmResource {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}
