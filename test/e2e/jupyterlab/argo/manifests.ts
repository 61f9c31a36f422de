/** Workflow manifests the Argo journeys put in the lab's root folder. */
export const helloYaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-lab-
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: text
        value: hello from JupyterLab
  templates:
    - name: main
      steps:
        - - name: first
            template: say
        - - name: second
            template: say
        - - name: third
            template: say
    - name: say
      container:
        image: busybox:1.36
        command: [echo]
        args: ["{{workflow.parameters.text}}"]
`;

export const failingYaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: failing-
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: code
        value: "3"
  templates:
    - name: main
      steps:
        - - name: fine
            template: fine
        - - name: breaks
            template: breaks
    - name: fine
      container: {image: busybox, command: [echo], args: [fine]}
    - name: breaks
      container: {image: busybox, command: [sh, -c], args: ["exit {{workflow.parameters.code}}"]}
`;

/** Invalid YAML: the mapping on line 4 is indented wrongly. */
export const brokenYaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: broken-
    labels: {a: b}
spec:
  entrypoint: main
`;

export const HOSTILE = '<img src=x onerror="window.__zldPwned=1">';

export const hostileYaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: 'x<b onmouseover="window.__zldPwned=2">bold</b>-'
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: text
        value: '${HOSTILE}'
  templates:
    - name: main
      container: {image: busybox, command: [echo], args: ["{{workflow.parameters.text}}"]}
`;

/** Thirty steps: long enough (12 s at 400 ms per step) to suspend, resume and stop while it runs. */
export const longYaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: long-
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
${Array.from({ length: 30 }, (_, i) => `        - - name: step${i}\n            template: say`).join('\n')}
    - name: say
      container: {image: busybox, command: [echo], args: [tick]}
`;
