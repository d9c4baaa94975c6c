// @ts-nocheck


export const ContingencyOptions = validate21;
const schema32 = {"additionalProperties":false,"description":"The engine's options (gridsolve.contingency.models) plus the analysis method.","properties":{"outages":{"anyOf":[{"enum":["n-1","n-2"],"type":"string"},{"items":{"items":{"type":"string"},"type":"array"},"type":"array"}],"default":"n-1","description":"n-1 (every element of the chosen classes), n-2 (generated pairs of branches, see n2_pairs_from), or a list of outages, each a list of element ids as solve reports them (br_7, gen_3)","title":"Outages"},"elements":{"description":"Element classes outaged by n-1 and paired by n-2 (generators are not paired)","items":{"enum":["branches","transformers","generators"],"type":"string"},"title":"Elements","type":"array"},"screen":{"default":"none","description":"dc: a DC (LODF) estimate of every branch outage's loadings picks the outages solved in full AC (those within screen_margin_percent of the loading limit, islanding and generator outages); none: full AC for every outage","enum":["dc","none"],"title":"Screen","type":"string"},"screen_margin_percent":{"default":10,"description":"DC screening keeps outages whose estimated largest loading is above loading_limit_percent minus this margin, % points","maximum":100,"minimum":0,"title":"Screen Margin Percent","type":"number"},"loading_limit_percent":{"default":100,"description":"Branch loading above which it is an overload, %","exclusiveMinimum":0,"title":"Loading Limit Percent","type":"number"},"n2_pairs_from":{"default":"worst","description":"Generated N-2 pairs: among the worst N-1 branch outages by DC loading estimate (worst), or the pairs with the largest DC estimate of their joint outage (lodf)","enum":["worst","lodf"],"title":"N2 Pairs From","type":"string"},"n2_max_pairs":{"default":200,"description":"Generated N-2 pairs at most","maximum":100000,"minimum":1,"title":"N2 Max Pairs","type":"integer"},"full_voltages_worst":{"default":10,"description":"The full state after the outage (every bus's |V| and angle, every branch's loading and end flows) is kept for this many worst contingencies","maximum":1000,"minimum":0,"title":"Full Voltages Worst","type":"integer"},"batch_size":{"default":64,"description":"Outages per batch job","maximum":100000,"minimum":1,"title":"Batch Size","type":"integer"},"tol":{"default":1e-8,"description":"Largest P or Q mismatch, pu on the system base (PF_TOL)","exclusiveMaximum":1,"exclusiveMinimum":0,"title":"Tol","type":"number"},"max_iter":{"default":30,"description":"Iteration limit of each attempt at an outage: the fast quasi-Newton steps, then full Newton-Raphson, then Newton-Raphson with a line search each get this many; an outage's reported iterations add up its attempts","maximum":1000,"minimum":1,"title":"Max Iter","type":"integer"},"threads":{"anyOf":[{"maximum":256,"minimum":1,"type":"integer"},{"type":"null"}],"default":null,"description":"Processes for an in-process run (CLI; default: the machine's cores); the service runs batches as separate jobs and ignores it","title":"Threads","x-cli-only":true},"method":{"const":"newton_raphson","default":"newton_raphson","title":"Method","type":"string"}},"title":"ContingencyOptions","type":"object"};
const func1 = Object.prototype.hasOwnProperty;

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate21.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func1.call(schema32.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.outages !== undefined){
let data0 = data.outages;
const _errs3 = errors;
let valid1 = false;
const _errs4 = errors;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/outages",schemaPath:"#/properties/outages/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!((data0 === "n-1") || (data0 === "n-2"))){
const err2 = {instancePath:instancePath+"/outages",schemaPath:"#/properties/outages/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema32.properties.outages.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var _valid0 = _errs4 === errors;
valid1 = valid1 || _valid0;
const _errs6 = errors;
if(Array.isArray(data0)){
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
let data1 = data0[i0];
if(Array.isArray(data1)){
const len1 = data1.length;
for(let i1=0; i1<len1; i1++){
if(typeof data1[i1] !== "string"){
const err3 = {instancePath:instancePath+"/outages/" + i0+"/" + i1,schemaPath:"#/properties/outages/anyOf/1/items/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
}
else {
const err4 = {instancePath:instancePath+"/outages/" + i0,schemaPath:"#/properties/outages/anyOf/1/items/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
else {
const err5 = {instancePath:instancePath+"/outages",schemaPath:"#/properties/outages/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
var _valid0 = _errs6 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const err6 = {instancePath:instancePath+"/outages",schemaPath:"#/properties/outages/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
else {
errors = _errs3;
if(vErrors !== null){
if(_errs3){
vErrors.length = _errs3;
}
else {
vErrors = null;
}
}
}
}
if(data.elements !== undefined){
let data3 = data.elements;
if(Array.isArray(data3)){
const len2 = data3.length;
for(let i2=0; i2<len2; i2++){
let data4 = data3[i2];
if(typeof data4 !== "string"){
const err7 = {instancePath:instancePath+"/elements/" + i2,schemaPath:"#/properties/elements/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(!(((data4 === "branches") || (data4 === "transformers")) || (data4 === "generators"))){
const err8 = {instancePath:instancePath+"/elements/" + i2,schemaPath:"#/properties/elements/items/enum",keyword:"enum",params:{allowedValues: schema32.properties.elements.items.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath:instancePath+"/elements",schemaPath:"#/properties/elements/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.screen !== undefined){
let data5 = data.screen;
if(typeof data5 !== "string"){
const err10 = {instancePath:instancePath+"/screen",schemaPath:"#/properties/screen/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(!((data5 === "dc") || (data5 === "none"))){
const err11 = {instancePath:instancePath+"/screen",schemaPath:"#/properties/screen/enum",keyword:"enum",params:{allowedValues: schema32.properties.screen.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.screen_margin_percent !== undefined){
let data6 = data.screen_margin_percent;
if(typeof data6 == "number"){
if(data6 > 100 || isNaN(data6)){
const err12 = {instancePath:instancePath+"/screen_margin_percent",schemaPath:"#/properties/screen_margin_percent/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data6 < 0 || isNaN(data6)){
const err13 = {instancePath:instancePath+"/screen_margin_percent",schemaPath:"#/properties/screen_margin_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/screen_margin_percent",schemaPath:"#/properties/screen_margin_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.loading_limit_percent !== undefined){
let data7 = data.loading_limit_percent;
if(typeof data7 == "number"){
if(data7 <= 0 || isNaN(data7)){
const err15 = {instancePath:instancePath+"/loading_limit_percent",schemaPath:"#/properties/loading_limit_percent/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/loading_limit_percent",schemaPath:"#/properties/loading_limit_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.n2_pairs_from !== undefined){
let data8 = data.n2_pairs_from;
if(typeof data8 !== "string"){
const err17 = {instancePath:instancePath+"/n2_pairs_from",schemaPath:"#/properties/n2_pairs_from/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(!((data8 === "worst") || (data8 === "lodf"))){
const err18 = {instancePath:instancePath+"/n2_pairs_from",schemaPath:"#/properties/n2_pairs_from/enum",keyword:"enum",params:{allowedValues: schema32.properties.n2_pairs_from.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data.n2_max_pairs !== undefined){
let data9 = data.n2_max_pairs;
if(!((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9)))){
const err19 = {instancePath:instancePath+"/n2_max_pairs",schemaPath:"#/properties/n2_max_pairs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(typeof data9 == "number"){
if(data9 > 100000 || isNaN(data9)){
const err20 = {instancePath:instancePath+"/n2_max_pairs",schemaPath:"#/properties/n2_max_pairs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data9 < 1 || isNaN(data9)){
const err21 = {instancePath:instancePath+"/n2_max_pairs",schemaPath:"#/properties/n2_max_pairs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
if(data.full_voltages_worst !== undefined){
let data10 = data.full_voltages_worst;
if(!((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10)))){
const err22 = {instancePath:instancePath+"/full_voltages_worst",schemaPath:"#/properties/full_voltages_worst/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(typeof data10 == "number"){
if(data10 > 1000 || isNaN(data10)){
const err23 = {instancePath:instancePath+"/full_voltages_worst",schemaPath:"#/properties/full_voltages_worst/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data10 < 0 || isNaN(data10)){
const err24 = {instancePath:instancePath+"/full_voltages_worst",schemaPath:"#/properties/full_voltages_worst/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
if(data.batch_size !== undefined){
let data11 = data.batch_size;
if(!((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11)))){
const err25 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(typeof data11 == "number"){
if(data11 > 100000 || isNaN(data11)){
const err26 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data11 < 1 || isNaN(data11)){
const err27 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
if(data.tol !== undefined){
let data12 = data.tol;
if(typeof data12 == "number"){
if(data12 >= 1 || isNaN(data12)){
const err28 = {instancePath:instancePath+"/tol",schemaPath:"#/properties/tol/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(data12 <= 0 || isNaN(data12)){
const err29 = {instancePath:instancePath+"/tol",schemaPath:"#/properties/tol/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/tol",schemaPath:"#/properties/tol/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.max_iter !== undefined){
let data13 = data.max_iter;
if(!((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13)))){
const err31 = {instancePath:instancePath+"/max_iter",schemaPath:"#/properties/max_iter/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(typeof data13 == "number"){
if(data13 > 1000 || isNaN(data13)){
const err32 = {instancePath:instancePath+"/max_iter",schemaPath:"#/properties/max_iter/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(data13 < 1 || isNaN(data13)){
const err33 = {instancePath:instancePath+"/max_iter",schemaPath:"#/properties/max_iter/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
if(data.threads !== undefined){
let data14 = data.threads;
const _errs35 = errors;
let valid8 = false;
const _errs36 = errors;
if(!((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14)))){
const err34 = {instancePath:instancePath+"/threads",schemaPath:"#/properties/threads/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(typeof data14 == "number"){
if(data14 > 256 || isNaN(data14)){
const err35 = {instancePath:instancePath+"/threads",schemaPath:"#/properties/threads/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 256},message:"must be <= 256"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(data14 < 1 || isNaN(data14)){
const err36 = {instancePath:instancePath+"/threads",schemaPath:"#/properties/threads/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
var _valid1 = _errs36 === errors;
valid8 = valid8 || _valid1;
const _errs38 = errors;
if(data14 !== null){
const err37 = {instancePath:instancePath+"/threads",schemaPath:"#/properties/threads/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
var _valid1 = _errs38 === errors;
valid8 = valid8 || _valid1;
if(!valid8){
const err38 = {instancePath:instancePath+"/threads",schemaPath:"#/properties/threads/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
else {
errors = _errs35;
if(vErrors !== null){
if(_errs35){
vErrors.length = _errs35;
}
else {
vErrors = null;
}
}
}
}
if(data.method !== undefined){
let data15 = data.method;
if(typeof data15 !== "string"){
const err39 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if("newton_raphson" !== data15){
const err40 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/const",keyword:"const",params:{allowedValue: "newton_raphson"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
validate21.errors = vErrors;
return errors === 0;
}
validate21.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const PowerFlowOptions = validate22;
const schema33 = {"additionalProperties":false,"properties":{"method":{"default":"newton_raphson","enum":["newton_raphson","fast_decoupled","gauss_seidel"],"title":"Method","type":"string"},"tol":{"default":1e-8,"description":"Largest P or Q mismatch, pu on the system base (PF_TOL)","exclusiveMaximum":1,"exclusiveMinimum":0,"title":"Tol","type":"number"},"max_iter":{"anyOf":[{"maximum":1000000,"minimum":1,"type":"integer"},{"type":"null"}],"default":null,"description":"Iteration limit (default: 30 NR, 100 FD, 10000 GS)","title":"Max Iter"},"enforce_q_limits":{"default":false,"description":"Switch PV buses to PQ at their units' Q limits","title":"Enforce Q Limits","type":"boolean"},"init":{"default":"auto","description":"Start: auto (the stored voltages where the network has them, else flat), flat, warm (stored voltages) or dc (DC power-flow angles); Newton-Raphson retries a divergent start from DC angles","enum":["auto","flat","warm","dc"],"title":"Init","type":"string"},"slack_bus":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Bus to be its island's reference (slack), instead of the case's","title":"Slack Bus"},"distributed_slack":{"default":false,"description":"Share the slack among generators in proportion to Pmax (OpenLoadFlow's default) instead of one reference bus","title":"Distributed Slack","type":"boolean"},"accel":{"default":1,"description":"Gauss-Seidel acceleration factor","exclusiveMaximum":2,"exclusiveMinimum":0,"title":"Accel","type":"number"},"vmin_pu":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Voltage band for violations, low end, pu (default: each bus's min_vm_pu)","title":"Vmin Pu"},"vmax_pu":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Voltage band for violations, high end, pu","title":"Vmax Pu"},"max_loading_percent":{"default":100,"description":"Branch loading above which it is an overload, %","exclusiveMinimum":0,"title":"Max Loading Percent","type":"number"}},"title":"PowerFlowOptions","type":"object"};

function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate22.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func1.call(schema33.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.method !== undefined){
let data0 = data.method;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!(((data0 === "newton_raphson") || (data0 === "fast_decoupled")) || (data0 === "gauss_seidel"))){
const err2 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/enum",keyword:"enum",params:{allowedValues: schema33.properties.method.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.tol !== undefined){
let data1 = data.tol;
if(typeof data1 == "number"){
if(data1 >= 1 || isNaN(data1)){
const err3 = {instancePath:instancePath+"/tol",schemaPath:"#/properties/tol/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data1 <= 0 || isNaN(data1)){
const err4 = {instancePath:instancePath+"/tol",schemaPath:"#/properties/tol/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/tol",schemaPath:"#/properties/tol/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.max_iter !== undefined){
let data2 = data.max_iter;
const _errs7 = errors;
let valid1 = false;
const _errs8 = errors;
if(!((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2)))){
const err6 = {instancePath:instancePath+"/max_iter",schemaPath:"#/properties/max_iter/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(typeof data2 == "number"){
if(data2 > 1000000 || isNaN(data2)){
const err7 = {instancePath:instancePath+"/max_iter",schemaPath:"#/properties/max_iter/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000},message:"must be <= 1000000"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data2 < 1 || isNaN(data2)){
const err8 = {instancePath:instancePath+"/max_iter",schemaPath:"#/properties/max_iter/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
var _valid0 = _errs8 === errors;
valid1 = valid1 || _valid0;
const _errs10 = errors;
if(data2 !== null){
const err9 = {instancePath:instancePath+"/max_iter",schemaPath:"#/properties/max_iter/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var _valid0 = _errs10 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const err10 = {instancePath:instancePath+"/max_iter",schemaPath:"#/properties/max_iter/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
else {
errors = _errs7;
if(vErrors !== null){
if(_errs7){
vErrors.length = _errs7;
}
else {
vErrors = null;
}
}
}
}
if(data.enforce_q_limits !== undefined){
if(typeof data.enforce_q_limits !== "boolean"){
const err11 = {instancePath:instancePath+"/enforce_q_limits",schemaPath:"#/properties/enforce_q_limits/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.init !== undefined){
let data4 = data.init;
if(typeof data4 !== "string"){
const err12 = {instancePath:instancePath+"/init",schemaPath:"#/properties/init/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(!((((data4 === "auto") || (data4 === "flat")) || (data4 === "warm")) || (data4 === "dc"))){
const err13 = {instancePath:instancePath+"/init",schemaPath:"#/properties/init/enum",keyword:"enum",params:{allowedValues: schema33.properties.init.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.slack_bus !== undefined){
let data5 = data.slack_bus;
const _errs17 = errors;
let valid2 = false;
const _errs18 = errors;
if(typeof data5 !== "string"){
const err14 = {instancePath:instancePath+"/slack_bus",schemaPath:"#/properties/slack_bus/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var _valid1 = _errs18 === errors;
valid2 = valid2 || _valid1;
const _errs20 = errors;
if(data5 !== null){
const err15 = {instancePath:instancePath+"/slack_bus",schemaPath:"#/properties/slack_bus/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
var _valid1 = _errs20 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const err16 = {instancePath:instancePath+"/slack_bus",schemaPath:"#/properties/slack_bus/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
else {
errors = _errs17;
if(vErrors !== null){
if(_errs17){
vErrors.length = _errs17;
}
else {
vErrors = null;
}
}
}
}
if(data.distributed_slack !== undefined){
if(typeof data.distributed_slack !== "boolean"){
const err17 = {instancePath:instancePath+"/distributed_slack",schemaPath:"#/properties/distributed_slack/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.accel !== undefined){
let data7 = data.accel;
if(typeof data7 == "number"){
if(data7 >= 2 || isNaN(data7)){
const err18 = {instancePath:instancePath+"/accel",schemaPath:"#/properties/accel/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 2},message:"must be < 2"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data7 <= 0 || isNaN(data7)){
const err19 = {instancePath:instancePath+"/accel",schemaPath:"#/properties/accel/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
else {
const err20 = {instancePath:instancePath+"/accel",schemaPath:"#/properties/accel/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.vmin_pu !== undefined){
let data8 = data.vmin_pu;
const _errs27 = errors;
let valid3 = false;
const _errs28 = errors;
if(typeof data8 == "number"){
if(data8 <= 0 || isNaN(data8)){
const err21 = {instancePath:instancePath+"/vmin_pu",schemaPath:"#/properties/vmin_pu/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/vmin_pu",schemaPath:"#/properties/vmin_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid2 = _errs28 === errors;
valid3 = valid3 || _valid2;
const _errs30 = errors;
if(data8 !== null){
const err23 = {instancePath:instancePath+"/vmin_pu",schemaPath:"#/properties/vmin_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
var _valid2 = _errs30 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const err24 = {instancePath:instancePath+"/vmin_pu",schemaPath:"#/properties/vmin_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
else {
errors = _errs27;
if(vErrors !== null){
if(_errs27){
vErrors.length = _errs27;
}
else {
vErrors = null;
}
}
}
}
if(data.vmax_pu !== undefined){
let data9 = data.vmax_pu;
const _errs33 = errors;
let valid4 = false;
const _errs34 = errors;
if(typeof data9 == "number"){
if(data9 <= 0 || isNaN(data9)){
const err25 = {instancePath:instancePath+"/vmax_pu",schemaPath:"#/properties/vmax_pu/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/vmax_pu",schemaPath:"#/properties/vmax_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
var _valid3 = _errs34 === errors;
valid4 = valid4 || _valid3;
const _errs36 = errors;
if(data9 !== null){
const err27 = {instancePath:instancePath+"/vmax_pu",schemaPath:"#/properties/vmax_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
var _valid3 = _errs36 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const err28 = {instancePath:instancePath+"/vmax_pu",schemaPath:"#/properties/vmax_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
else {
errors = _errs33;
if(vErrors !== null){
if(_errs33){
vErrors.length = _errs33;
}
else {
vErrors = null;
}
}
}
}
if(data.max_loading_percent !== undefined){
let data10 = data.max_loading_percent;
if(typeof data10 == "number"){
if(data10 <= 0 || isNaN(data10)){
const err29 = {instancePath:instancePath+"/max_loading_percent",schemaPath:"#/properties/max_loading_percent/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/max_loading_percent",schemaPath:"#/properties/max_loading_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
validate22.errors = vErrors;
return errors === 0;
}
validate22.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const ProtectionCoordinationOptions = validate23;
const schema34 = {"additionalProperties":false,"description":"ProtectionOptions, validated strictly like every study's options.","properties":{"method":{"default":"check","description":"check: coordination check; auto_coordination: also optimise the dials and pickups within the elements' dial_min/dial_max/dial_step/pickup_options_a","enum":["check","auto_coordination"],"title":"Method","type":"string"},"fault":{"default":"3ph","description":"Fault type of the IEC 60909 study (max and min cases); earth faults (1ph, 2phg) also use the 51N/50N elements","enum":["3ph","2ph","1ph","2phg"],"title":"Fault","type":"string"},"cti_relay_s":{"default":0.3,"description":"Required margin relay/recloser over relay, s (IEEE 242: 0.3 electromechanical, 0.2 static)","exclusiveMinimum":0,"title":"Cti Relay S","type":"number"},"cti_fuse_relay_s":{"default":0.2,"description":"Required margin of a relay over a fuse's total-clearing time, s","minimum":0,"title":"Cti Fuse Relay S","type":"number"},"fuse_ratio":{"default":0.75,"description":"A backup fuse's minimum-melting time times this must exceed the primary's clearing","exclusiveMinimum":0,"maximum":1,"title":"Fuse Ratio","type":"number"},"lv_tol_percent":{"default":10,"description":"LV voltage tolerance for the c factor, %","enum":[6,10],"title":"Lv Tol Percent","type":"integer"},"tcc_points":{"default":60,"description":"Samples per TCC curve","maximum":2000,"minimum":10,"title":"Tcc Points","type":"integer"},"frequent_faults":{"default":true,"description":"Transformer damage curves for frequent faults (IEEE C57.109 mechanical portion)","title":"Frequent Faults","type":"boolean"},"cables":{"additionalProperties":{"$ref":"#/$defs/CableSpec"},"description":"Line id -> conductor data for cable I^2 t damage curves","title":"Cables","type":"object"}},"title":"ProtectionCoordinationOptions","type":"object"};
const schema35 = {"additionalProperties":false,"properties":{"area_mm2":{"description":"Conductor cross-section, mm2","exclusiveMinimum":0,"title":"Area Mm2","type":"number"},"material":{"default":"copper","enum":["copper","aluminium"],"title":"Material","type":"string"},"insulation":{"default":"xlpe","enum":["pvc","xlpe","epr","rubber"],"title":"Insulation","type":"string"}},"required":["area_mm2"],"title":"CableSpec","type":"object"};

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate23.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func1.call(schema34.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.method !== undefined){
let data0 = data.method;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!((data0 === "check") || (data0 === "auto_coordination"))){
const err2 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/enum",keyword:"enum",params:{allowedValues: schema34.properties.method.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.fault !== undefined){
let data1 = data.fault;
if(typeof data1 !== "string"){
const err3 = {instancePath:instancePath+"/fault",schemaPath:"#/properties/fault/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!((((data1 === "3ph") || (data1 === "2ph")) || (data1 === "1ph")) || (data1 === "2phg"))){
const err4 = {instancePath:instancePath+"/fault",schemaPath:"#/properties/fault/enum",keyword:"enum",params:{allowedValues: schema34.properties.fault.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.cti_relay_s !== undefined){
let data2 = data.cti_relay_s;
if(typeof data2 == "number"){
if(data2 <= 0 || isNaN(data2)){
const err5 = {instancePath:instancePath+"/cti_relay_s",schemaPath:"#/properties/cti_relay_s/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/cti_relay_s",schemaPath:"#/properties/cti_relay_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.cti_fuse_relay_s !== undefined){
let data3 = data.cti_fuse_relay_s;
if(typeof data3 == "number"){
if(data3 < 0 || isNaN(data3)){
const err7 = {instancePath:instancePath+"/cti_fuse_relay_s",schemaPath:"#/properties/cti_fuse_relay_s/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/cti_fuse_relay_s",schemaPath:"#/properties/cti_fuse_relay_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.fuse_ratio !== undefined){
let data4 = data.fuse_ratio;
if(typeof data4 == "number"){
if(data4 > 1 || isNaN(data4)){
const err9 = {instancePath:instancePath+"/fuse_ratio",schemaPath:"#/properties/fuse_ratio/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data4 <= 0 || isNaN(data4)){
const err10 = {instancePath:instancePath+"/fuse_ratio",schemaPath:"#/properties/fuse_ratio/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/fuse_ratio",schemaPath:"#/properties/fuse_ratio/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.lv_tol_percent !== undefined){
let data5 = data.lv_tol_percent;
if(!((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5)))){
const err12 = {instancePath:instancePath+"/lv_tol_percent",schemaPath:"#/properties/lv_tol_percent/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(!((data5 === 6) || (data5 === 10))){
const err13 = {instancePath:instancePath+"/lv_tol_percent",schemaPath:"#/properties/lv_tol_percent/enum",keyword:"enum",params:{allowedValues: schema34.properties.lv_tol_percent.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.tcc_points !== undefined){
let data6 = data.tcc_points;
if(!((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6)))){
const err14 = {instancePath:instancePath+"/tcc_points",schemaPath:"#/properties/tcc_points/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(typeof data6 == "number"){
if(data6 > 2000 || isNaN(data6)){
const err15 = {instancePath:instancePath+"/tcc_points",schemaPath:"#/properties/tcc_points/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2000},message:"must be <= 2000"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data6 < 10 || isNaN(data6)){
const err16 = {instancePath:instancePath+"/tcc_points",schemaPath:"#/properties/tcc_points/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
if(data.frequent_faults !== undefined){
if(typeof data.frequent_faults !== "boolean"){
const err17 = {instancePath:instancePath+"/frequent_faults",schemaPath:"#/properties/frequent_faults/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.cables !== undefined){
let data8 = data.cables;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
for(const key1 in data8){
let data9 = data8[key1];
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.area_mm2 === undefined){
const err18 = {instancePath:instancePath+"/cables/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/CableSpec/required",keyword:"required",params:{missingProperty: "area_mm2"},message:"must have required property '"+"area_mm2"+"'"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
for(const key2 in data9){
if(!(((key2 === "area_mm2") || (key2 === "material")) || (key2 === "insulation"))){
const err19 = {instancePath:instancePath+"/cables/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/CableSpec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data9.area_mm2 !== undefined){
let data10 = data9.area_mm2;
if(typeof data10 == "number"){
if(data10 <= 0 || isNaN(data10)){
const err20 = {instancePath:instancePath+"/cables/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/area_mm2",schemaPath:"#/$defs/CableSpec/properties/area_mm2/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/cables/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/area_mm2",schemaPath:"#/$defs/CableSpec/properties/area_mm2/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data9.material !== undefined){
let data11 = data9.material;
if(typeof data11 !== "string"){
const err22 = {instancePath:instancePath+"/cables/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/material",schemaPath:"#/$defs/CableSpec/properties/material/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(!((data11 === "copper") || (data11 === "aluminium"))){
const err23 = {instancePath:instancePath+"/cables/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/material",schemaPath:"#/$defs/CableSpec/properties/material/enum",keyword:"enum",params:{allowedValues: schema35.properties.material.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data9.insulation !== undefined){
let data12 = data9.insulation;
if(typeof data12 !== "string"){
const err24 = {instancePath:instancePath+"/cables/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/insulation",schemaPath:"#/$defs/CableSpec/properties/insulation/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(!((((data12 === "pvc") || (data12 === "xlpe")) || (data12 === "epr")) || (data12 === "rubber"))){
const err25 = {instancePath:instancePath+"/cables/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/insulation",schemaPath:"#/$defs/CableSpec/properties/insulation/enum",keyword:"enum",params:{allowedValues: schema35.properties.insulation.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/cables/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/CableSpec/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
else {
const err27 = {instancePath:instancePath+"/cables",schemaPath:"#/properties/cables/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
validate23.errors = vErrors;
return errors === 0;
}
validate23.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const ShortCircuitOptions = validate24;
const schema36 = {"additionalProperties":false,"description":"The engine's options (gridsolve.shortcircuit.options: fields, units, defaults, checks) plus the method.","properties":{"fault":{"default":"3ph","description":"Fault type: three-phase, line-to-line, single-line-to-ground, double-line-to-ground","enum":["3ph","2ph","1ph","2phg"],"title":"Fault","type":"string"},"case":{"default":"max","description":"Maximum or minimum short-circuit currents","enum":["max","min"],"title":"Case","type":"string"},"buses":{"anyOf":[{"items":{"type":"string"},"type":"array"},{"type":"null"}],"default":null,"description":"Faulted bus ids (default: every bus)","title":"Buses"},"r_fault_ohm":{"default":0,"description":"Fault resistance per faulted phase, ohm","minimum":0,"title":"R Fault Ohm","type":"number"},"x_fault_ohm":{"default":0,"description":"Fault reactance per faulted phase, ohm","title":"X Fault Ohm","type":"number"},"tk_s":{"default":1,"description":"Short-circuit duration for the thermal current ith, s","exclusiveMinimum":0,"title":"Tk S","type":"number"},"tmin_s":{"default":0.02,"description":"Minimum time delay for the breaking current ib, s","exclusiveMinimum":0,"title":"Tmin S","type":"number"},"ip_method":{"default":"C","description":"Peak current: C (equivalent frequency) or B (1.15 kappa at the fault)","enum":["B","C"],"title":"Ip Method","type":"string"},"c_factor":{"anyOf":[{"maximum":1.5,"minimum":0.5,"type":"number"},{"type":"null"}],"default":null,"description":"Voltage factor c at every level (default: IEC 60909-0 table 1)","title":"C Factor"},"lv_tol_percent":{"default":10,"description":"Low-voltage tolerance for table 1's c_max/c_min (6 or 10 %)","enum":[6,10],"title":"Lv Tol Percent","type":"integer"},"detect_power_station_units":{"default":false,"description":"Also treat a transformer whose LV bus holds one synchronous generator and no other branch as a power station unit (IEC 60909-0 §6.7; flagged units are always)","title":"Detect Power Station Units","type":"boolean"},"motors":{"default":"include","description":"Asynchronous motors: always included, or neglected at faults where IEC 60909-0 §6.8 allows it (sum of rated motor currents <= 1 % of I''k without motors); results say where","enum":["include","neglect_where_allowed"],"title":"Motors","type":"string"},"method":{"const":"iec_60909","default":"iec_60909","title":"Method","type":"string"}},"title":"ShortCircuitOptions","type":"object"};

function validate24(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate24.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func1.call(schema36.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.fault !== undefined){
let data0 = data.fault;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/fault",schemaPath:"#/properties/fault/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!((((data0 === "3ph") || (data0 === "2ph")) || (data0 === "1ph")) || (data0 === "2phg"))){
const err2 = {instancePath:instancePath+"/fault",schemaPath:"#/properties/fault/enum",keyword:"enum",params:{allowedValues: schema36.properties.fault.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.case !== undefined){
let data1 = data.case;
if(typeof data1 !== "string"){
const err3 = {instancePath:instancePath+"/case",schemaPath:"#/properties/case/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!((data1 === "max") || (data1 === "min"))){
const err4 = {instancePath:instancePath+"/case",schemaPath:"#/properties/case/enum",keyword:"enum",params:{allowedValues: schema36.properties.case.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.buses !== undefined){
let data2 = data.buses;
const _errs7 = errors;
let valid1 = false;
const _errs8 = errors;
if(Array.isArray(data2)){
const len0 = data2.length;
for(let i0=0; i0<len0; i0++){
if(typeof data2[i0] !== "string"){
const err5 = {instancePath:instancePath+"/buses/" + i0,schemaPath:"#/properties/buses/anyOf/0/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
else {
const err6 = {instancePath:instancePath+"/buses",schemaPath:"#/properties/buses/anyOf/0/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var _valid0 = _errs8 === errors;
valid1 = valid1 || _valid0;
const _errs12 = errors;
if(data2 !== null){
const err7 = {instancePath:instancePath+"/buses",schemaPath:"#/properties/buses/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
var _valid0 = _errs12 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const err8 = {instancePath:instancePath+"/buses",schemaPath:"#/properties/buses/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
else {
errors = _errs7;
if(vErrors !== null){
if(_errs7){
vErrors.length = _errs7;
}
else {
vErrors = null;
}
}
}
}
if(data.r_fault_ohm !== undefined){
let data4 = data.r_fault_ohm;
if(typeof data4 == "number"){
if(data4 < 0 || isNaN(data4)){
const err9 = {instancePath:instancePath+"/r_fault_ohm",schemaPath:"#/properties/r_fault_ohm/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/r_fault_ohm",schemaPath:"#/properties/r_fault_ohm/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.x_fault_ohm !== undefined){
if(!(typeof data.x_fault_ohm == "number")){
const err11 = {instancePath:instancePath+"/x_fault_ohm",schemaPath:"#/properties/x_fault_ohm/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.tk_s !== undefined){
let data6 = data.tk_s;
if(typeof data6 == "number"){
if(data6 <= 0 || isNaN(data6)){
const err12 = {instancePath:instancePath+"/tk_s",schemaPath:"#/properties/tk_s/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/tk_s",schemaPath:"#/properties/tk_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.tmin_s !== undefined){
let data7 = data.tmin_s;
if(typeof data7 == "number"){
if(data7 <= 0 || isNaN(data7)){
const err14 = {instancePath:instancePath+"/tmin_s",schemaPath:"#/properties/tmin_s/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/tmin_s",schemaPath:"#/properties/tmin_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.ip_method !== undefined){
let data8 = data.ip_method;
if(typeof data8 !== "string"){
const err16 = {instancePath:instancePath+"/ip_method",schemaPath:"#/properties/ip_method/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(!((data8 === "B") || (data8 === "C"))){
const err17 = {instancePath:instancePath+"/ip_method",schemaPath:"#/properties/ip_method/enum",keyword:"enum",params:{allowedValues: schema36.properties.ip_method.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.c_factor !== undefined){
let data9 = data.c_factor;
const _errs25 = errors;
let valid4 = false;
const _errs26 = errors;
if(typeof data9 == "number"){
if(data9 > 1.5 || isNaN(data9)){
const err18 = {instancePath:instancePath+"/c_factor",schemaPath:"#/properties/c_factor/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1.5},message:"must be <= 1.5"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data9 < 0.5 || isNaN(data9)){
const err19 = {instancePath:instancePath+"/c_factor",schemaPath:"#/properties/c_factor/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0.5},message:"must be >= 0.5"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
else {
const err20 = {instancePath:instancePath+"/c_factor",schemaPath:"#/properties/c_factor/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid1 = _errs26 === errors;
valid4 = valid4 || _valid1;
const _errs28 = errors;
if(data9 !== null){
const err21 = {instancePath:instancePath+"/c_factor",schemaPath:"#/properties/c_factor/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var _valid1 = _errs28 === errors;
valid4 = valid4 || _valid1;
if(!valid4){
const err22 = {instancePath:instancePath+"/c_factor",schemaPath:"#/properties/c_factor/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
else {
errors = _errs25;
if(vErrors !== null){
if(_errs25){
vErrors.length = _errs25;
}
else {
vErrors = null;
}
}
}
}
if(data.lv_tol_percent !== undefined){
let data10 = data.lv_tol_percent;
if(!((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10)))){
const err23 = {instancePath:instancePath+"/lv_tol_percent",schemaPath:"#/properties/lv_tol_percent/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(!((data10 === 6) || (data10 === 10))){
const err24 = {instancePath:instancePath+"/lv_tol_percent",schemaPath:"#/properties/lv_tol_percent/enum",keyword:"enum",params:{allowedValues: schema36.properties.lv_tol_percent.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.detect_power_station_units !== undefined){
if(typeof data.detect_power_station_units !== "boolean"){
const err25 = {instancePath:instancePath+"/detect_power_station_units",schemaPath:"#/properties/detect_power_station_units/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.motors !== undefined){
let data12 = data.motors;
if(typeof data12 !== "string"){
const err26 = {instancePath:instancePath+"/motors",schemaPath:"#/properties/motors/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(!((data12 === "include") || (data12 === "neglect_where_allowed"))){
const err27 = {instancePath:instancePath+"/motors",schemaPath:"#/properties/motors/enum",keyword:"enum",params:{allowedValues: schema36.properties.motors.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.method !== undefined){
let data13 = data.method;
if(typeof data13 !== "string"){
const err28 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if("iec_60909" !== data13){
const err29 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/const",keyword:"const",params:{allowedValue: "iec_60909"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
validate24.errors = vErrors;
return errors === 0;
}
validate24.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const UnbalancedPowerFlowOptions = validate25;
const schema37 = {"additionalProperties":false,"description":"`UnbalancedOptions` as the registry's options model (method = newton or fixed_point).","properties":{"method":{"default":"newton","description":"Newton-Raphson on the current injections (falls back to the fixed point), or OpenDSS's fixed-point iteration","enum":["newton","fixed_point"],"title":"Method","type":"string"},"tolerance_pu":{"default":1e-9,"description":"largest voltage change of the last iteration, pu of the node base","exclusiveMinimum":0,"maximum":0.01,"title":"Tolerance Pu","type":"number"},"max_iterations":{"default":50,"maximum":1000,"minimum":1,"title":"Max Iterations","type":"integer"},"controls":{"default":"script","description":"regulator/capacitor controls: as the script's Set ControlMode says, or forced","enum":["script","on","off"],"title":"Controls","type":"string"},"max_control_iterations":{"anyOf":[{"maximum":1000,"minimum":1,"type":"integer"},{"type":"null"}],"default":null,"description":"None: the script's MaxControlIter (OpenDSS default 10)","title":"Max Control Iterations"},"control_tolerance_pu":{"default":0.000001,"description":"tolerance of the solutions between control actions (the final solution is always taken to tolerance_pu); OpenDSS uses its one tolerance, 1e-4 by default, for both","exclusiveMinimum":0,"maximum":0.001,"title":"Control Tolerance Pu","type":"number"}},"title":"UnbalancedPowerFlowOptions","type":"object"};

function validate25(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate25.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((key0 === "method") || (key0 === "tolerance_pu")) || (key0 === "max_iterations")) || (key0 === "controls")) || (key0 === "max_control_iterations")) || (key0 === "control_tolerance_pu"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.method !== undefined){
let data0 = data.method;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!((data0 === "newton") || (data0 === "fixed_point"))){
const err2 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/enum",keyword:"enum",params:{allowedValues: schema37.properties.method.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.tolerance_pu !== undefined){
let data1 = data.tolerance_pu;
if(typeof data1 == "number"){
if(data1 > 0.01 || isNaN(data1)){
const err3 = {instancePath:instancePath+"/tolerance_pu",schemaPath:"#/properties/tolerance_pu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 0.01},message:"must be <= 0.01"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data1 <= 0 || isNaN(data1)){
const err4 = {instancePath:instancePath+"/tolerance_pu",schemaPath:"#/properties/tolerance_pu/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/tolerance_pu",schemaPath:"#/properties/tolerance_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.max_iterations !== undefined){
let data2 = data.max_iterations;
if(!((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2)))){
const err6 = {instancePath:instancePath+"/max_iterations",schemaPath:"#/properties/max_iterations/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(typeof data2 == "number"){
if(data2 > 1000 || isNaN(data2)){
const err7 = {instancePath:instancePath+"/max_iterations",schemaPath:"#/properties/max_iterations/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data2 < 1 || isNaN(data2)){
const err8 = {instancePath:instancePath+"/max_iterations",schemaPath:"#/properties/max_iterations/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.controls !== undefined){
let data3 = data.controls;
if(typeof data3 !== "string"){
const err9 = {instancePath:instancePath+"/controls",schemaPath:"#/properties/controls/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!(((data3 === "script") || (data3 === "on")) || (data3 === "off"))){
const err10 = {instancePath:instancePath+"/controls",schemaPath:"#/properties/controls/enum",keyword:"enum",params:{allowedValues: schema37.properties.controls.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.max_control_iterations !== undefined){
let data4 = data.max_control_iterations;
const _errs11 = errors;
let valid1 = false;
const _errs12 = errors;
if(!((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4)))){
const err11 = {instancePath:instancePath+"/max_control_iterations",schemaPath:"#/properties/max_control_iterations/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(typeof data4 == "number"){
if(data4 > 1000 || isNaN(data4)){
const err12 = {instancePath:instancePath+"/max_control_iterations",schemaPath:"#/properties/max_control_iterations/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data4 < 1 || isNaN(data4)){
const err13 = {instancePath:instancePath+"/max_control_iterations",schemaPath:"#/properties/max_control_iterations/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
var _valid0 = _errs12 === errors;
valid1 = valid1 || _valid0;
const _errs14 = errors;
if(data4 !== null){
const err14 = {instancePath:instancePath+"/max_control_iterations",schemaPath:"#/properties/max_control_iterations/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var _valid0 = _errs14 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const err15 = {instancePath:instancePath+"/max_control_iterations",schemaPath:"#/properties/max_control_iterations/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
errors = _errs11;
if(vErrors !== null){
if(_errs11){
vErrors.length = _errs11;
}
else {
vErrors = null;
}
}
}
}
if(data.control_tolerance_pu !== undefined){
let data5 = data.control_tolerance_pu;
if(typeof data5 == "number"){
if(data5 > 0.001 || isNaN(data5)){
const err16 = {instancePath:instancePath+"/control_tolerance_pu",schemaPath:"#/properties/control_tolerance_pu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 0.001},message:"must be <= 0.001"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data5 <= 0 || isNaN(data5)){
const err17 = {instancePath:instancePath+"/control_tolerance_pu",schemaPath:"#/properties/control_tolerance_pu/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
else {
const err18 = {instancePath:instancePath+"/control_tolerance_pu",schemaPath:"#/properties/control_tolerance_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
validate25.errors = vErrors;
return errors === 0;
}
validate25.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};
