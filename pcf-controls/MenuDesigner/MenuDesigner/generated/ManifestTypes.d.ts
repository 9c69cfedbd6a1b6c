/*
*This is auto generated from the ControlManifest.Input.xml file
*/

// Define IInputs and IOutputs Type. They should match with ControlManifest.
export interface IInputs {
    definition: ComponentFramework.PropertyTypes.StringProperty;
}
export interface IOutputs {
    definition?: string;
}
