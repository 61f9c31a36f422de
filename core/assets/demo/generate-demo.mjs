#!/usr/bin/env node
// Writes catplus-demo.jsonld: zld's own Cat+-shaped demo instances (expanded JSON-LD). The ids, types and
// links follow the Cat+ example layout (Campaign > Batch > SamplePreparation > Sample > SampleChemical >
// Chemical, linked by cat:has<NextLevel>, each Sample cat:hasDataset <name>Dataset); the values are ours.
// Run: node core/assets/demo/generate-demo.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NS = 'http://www.catplus.ch/ontology/concepts/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const stamp = '2024-03-11_09:30:00';

function instance(name, type, props) {
  const node = { '@id': NS + name, '@type': [NS + type] };
  for (const key of Object.keys(props).sort()) {
    const v = props[key];
    if (v && typeof v === 'object' && 'link' in v) node[NS + key] = [v.link].flat().map((id) => ({ '@id': NS + id }));
    else if (v && typeof v === 'object' && 'typed' in v) node[NS + key] = [{ '@type': v.typed }];
    else node[NS + key] = [{ '@value': v }];
  }
  return node;
}

const link = (ids) => ({ link: ids });

const instances = [
  instance('chemical2', 'Chemical', {
    CASNumber: '64-17-5', ID: '211', SwissCatNumber: '', inchi: 'InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3',
    inchikey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N', keyWords: 'ethanol, alcohol, solvent', molecularFormula: 'C2H5OH',
    molecularWeight: '46.07', name: 'ethanol', smiles: 'CCO', type: '',
  }),
  instance('sample2', 'Sample', {
    actiontime: '2024-03-12-14h20m05s', createdon: stamp, hasDataset: link('sample2Dataset'),
    hasSampleChemical: link('sampleChemical2'), quantity: '1.50', unit: 'mL',
  }),
  instance('myCampaign', 'Campaign', {
    campaignclass: 'Demo', campaigntype: 'Screening', createdby: 'zld-demo', createdon: stamp,
    description: 'zld demo campaign', endTime: '2024-03-15', hasBatch: link('myBatch'), name: 'Demo Campaign',
    objective: 'Conversion', reference: 'zld:demo', startTime: '2024-03-11', title: 'Catalyst screening demo',
    updatedby: 'zld-demo', updatedon: stamp,
  }),
  instance('sample1', 'Sample', {
    createdon: stamp, hasDataset: link('sample1Dataset'), hasSampleChemical: link('sampleChemical1'), vialType: 'glass vial 4 mL',
  }),
  instance('myBatch', 'Batch', {
    createdby: 'zld-demo', createdon: stamp, hasSamplePreparation: link('mySamplePrep'), name: 'Demo Batch',
    title: 'Palladium catalyst screening', updatedby: 'zld-demo', updatedon: stamp,
  }),
  instance('sampleChemical2', 'SampleChemical', {
    ID: '212', createdon: stamp, hasChemical: link('chemical2'), internalBarCode: 'D-002', lotNumber: 'L-0002',
    physicalState: 'liquid', predictedQuantity: '1.5', producer: 'zld demo supplies', realQuantity: '', role: 'solvent',
    stockedDate_deliveryDate: '2024-03-01', unit: 'mL',
  }),
  instance('sampleChemical1', 'SampleChemical', {
    ID: '207', createdon: stamp, hasChemical: link('chemical1'), internalBarCode: 'D-001', lotNumber: 'L-0001',
    physicalState: 'powder', predictedQuantity: '', producer: 'zld demo supplies', realQuantity: '0.25', role: 'catalyst',
    stockedDate_deliveryDate: { typed: `${XSD}date` }, unit: 'g',
  }),
  instance('mySamplePrep', 'SamplePreparation', {
    beginningtime: '2024-03-11', createdon: stamp, endingtime: '2024-03-12', hasSample: link(['sample1', 'sample2']),
    speedinrpm: '500', startTime: '2024-03-11_10:00:00', temperatureindegrees: '60',
  }),
];

const out = fileURLToPath(new URL('./catplus-demo.jsonld', import.meta.url));
writeFileSync(out, `${JSON.stringify(instances, null, 2)}\n`);
console.log(`wrote ${out} (${instances.length} instances)`);
