// @ts-nocheck
import * as _func4 from "ajv/dist/runtime/ucs2length.js";

export const Bus = validate13;
const schema12 = {"additionalProperties":false,"properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"vn_kv":{"description":"Nominal line-to-line voltage in kV (0 = unknown, per-unit cases)","minimum":0,"title":"Vn Kv","type":"number"},"min_vm_pu":{"default":0.9,"exclusiveMinimum":0,"title":"Min Vm Pu","type":"number"},"max_vm_pu":{"default":1.1,"exclusiveMinimum":0,"title":"Max Vm Pu","type":"number"},"zone":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"title":"Zone"},"vm_init_pu":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Stored voltage magnitude for a warm start","title":"Vm Init Pu"},"va_init_degree":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"description":"Stored voltage angle for a warm start","title":"Va Init Degree"}},"required":["id","vn_kv"],"title":"Bus","type":"object"};
const func2 = Object.prototype.hasOwnProperty;
const func4 = _func4.default?.default ?? _func4.default;

function validate13(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.vn_kv === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vn_kv"},message:"must have required property '"+"vn_kv"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema12.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err6 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.vn_kv !== undefined){
let data3 = data.vn_kv;
if(typeof data3 == "number"){
if(data3 < 0 || isNaN(data3)){
const err7 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err8 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.min_vm_pu !== undefined){
let data4 = data.min_vm_pu;
if(typeof data4 == "number"){
if(data4 <= 0 || isNaN(data4)){
const err9 = {instancePath:instancePath+"/min_vm_pu",schemaPath:"#/properties/min_vm_pu/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err10 = {instancePath:instancePath+"/min_vm_pu",schemaPath:"#/properties/min_vm_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.max_vm_pu !== undefined){
let data5 = data.max_vm_pu;
if(typeof data5 == "number"){
if(data5 <= 0 || isNaN(data5)){
const err11 = {instancePath:instancePath+"/max_vm_pu",schemaPath:"#/properties/max_vm_pu/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/max_vm_pu",schemaPath:"#/properties/max_vm_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.zone !== undefined){
let data6 = data.zone;
const _errs15 = errors;
let valid1 = false;
const _errs16 = errors;
if(typeof data6 !== "string"){
const err13 = {instancePath:instancePath+"/zone",schemaPath:"#/properties/zone/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid0 = _errs16 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs18 = errors;
if(data6 !== null){
const err14 = {instancePath:instancePath+"/zone",schemaPath:"#/properties/zone/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var _valid0 = _errs18 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err15 = {instancePath:instancePath+"/zone",schemaPath:"#/properties/zone/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
errors = _errs15;
if(vErrors !== null){
if(_errs15){
vErrors.length = _errs15;
}
else {
vErrors = null;
}
}
}
}
if(data.vm_init_pu !== undefined){
let data7 = data.vm_init_pu;
const _errs21 = errors;
let valid2 = false;
const _errs22 = errors;
if(typeof data7 == "number"){
if(data7 <= 0 || isNaN(data7)){
const err16 = {instancePath:instancePath+"/vm_init_pu",schemaPath:"#/properties/vm_init_pu/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/vm_init_pu",schemaPath:"#/properties/vm_init_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var _valid1 = _errs22 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs24 = errors;
if(data7 !== null){
const err18 = {instancePath:instancePath+"/vm_init_pu",schemaPath:"#/properties/vm_init_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var _valid1 = _errs24 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err19 = {instancePath:instancePath+"/vm_init_pu",schemaPath:"#/properties/vm_init_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
else {
errors = _errs21;
if(vErrors !== null){
if(_errs21){
vErrors.length = _errs21;
}
else {
vErrors = null;
}
}
}
}
if(data.va_init_degree !== undefined){
let data8 = data.va_init_degree;
const _errs27 = errors;
let valid3 = false;
const _errs28 = errors;
if(!(typeof data8 == "number")){
const err20 = {instancePath:instancePath+"/va_init_degree",schemaPath:"#/properties/va_init_degree/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid2 = _errs28 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs30 = errors;
if(data8 !== null){
const err21 = {instancePath:instancePath+"/va_init_degree",schemaPath:"#/properties/va_init_degree/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var _valid2 = _errs30 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err22 = {instancePath:instancePath+"/va_init_degree",schemaPath:"#/properties/va_init_degree/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
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
}
else {
const err23 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
validate13.errors = vErrors;
return errors === 0;
}

export const ExternalGrid = validate14;
const schema17 = {"additionalProperties":false,"description":"Equivalent of the upstream grid: a voltage source with short-circuit power limits.","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"bus":{"title":"Bus","type":"string"},"vm_pu":{"default":1,"exclusiveMinimum":0,"title":"Vm Pu","type":"number"},"va_degree":{"default":0,"title":"Va Degree","type":"number"},"s_sc_max_mva":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"S Sc Max Mva"},"s_sc_min_mva":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"S Sc Min Mva"},"rx_max":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Rx Max"},"rx_min":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Rx Min"},"x0x_max":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"X0X Max"},"x0x_min":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"X0X Min"},"r0x0_max":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"R0X0 Max"},"r0x0_min":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"R0X0 Min"}},"required":["id","bus"],"title":"ExternalGrid","type":"object"};

function validate14(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "bus"},message:"must have required property '"+"bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema17.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err6 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.bus !== undefined){
if(typeof data.bus !== "string"){
const err7 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.vm_pu !== undefined){
let data4 = data.vm_pu;
if(typeof data4 == "number"){
if(data4 <= 0 || isNaN(data4)){
const err8 = {instancePath:instancePath+"/vm_pu",schemaPath:"#/properties/vm_pu/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/vm_pu",schemaPath:"#/properties/vm_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.va_degree !== undefined){
if(!(typeof data.va_degree == "number")){
const err10 = {instancePath:instancePath+"/va_degree",schemaPath:"#/properties/va_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.s_sc_max_mva !== undefined){
let data6 = data.s_sc_max_mva;
const _errs15 = errors;
let valid1 = false;
const _errs16 = errors;
if(typeof data6 == "number"){
if(data6 <= 0 || isNaN(data6)){
const err11 = {instancePath:instancePath+"/s_sc_max_mva",schemaPath:"#/properties/s_sc_max_mva/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/s_sc_max_mva",schemaPath:"#/properties/s_sc_max_mva/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
var _valid0 = _errs16 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs18 = errors;
if(data6 !== null){
const err13 = {instancePath:instancePath+"/s_sc_max_mva",schemaPath:"#/properties/s_sc_max_mva/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid0 = _errs18 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err14 = {instancePath:instancePath+"/s_sc_max_mva",schemaPath:"#/properties/s_sc_max_mva/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
else {
errors = _errs15;
if(vErrors !== null){
if(_errs15){
vErrors.length = _errs15;
}
else {
vErrors = null;
}
}
}
}
if(data.s_sc_min_mva !== undefined){
let data7 = data.s_sc_min_mva;
const _errs21 = errors;
let valid2 = false;
const _errs22 = errors;
if(typeof data7 == "number"){
if(data7 <= 0 || isNaN(data7)){
const err15 = {instancePath:instancePath+"/s_sc_min_mva",schemaPath:"#/properties/s_sc_min_mva/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err16 = {instancePath:instancePath+"/s_sc_min_mva",schemaPath:"#/properties/s_sc_min_mva/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var _valid1 = _errs22 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs24 = errors;
if(data7 !== null){
const err17 = {instancePath:instancePath+"/s_sc_min_mva",schemaPath:"#/properties/s_sc_min_mva/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var _valid1 = _errs24 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err18 = {instancePath:instancePath+"/s_sc_min_mva",schemaPath:"#/properties/s_sc_min_mva/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
else {
errors = _errs21;
if(vErrors !== null){
if(_errs21){
vErrors.length = _errs21;
}
else {
vErrors = null;
}
}
}
}
if(data.rx_max !== undefined){
let data8 = data.rx_max;
const _errs27 = errors;
let valid3 = false;
const _errs28 = errors;
if(typeof data8 == "number"){
if(data8 < 0 || isNaN(data8)){
const err19 = {instancePath:instancePath+"/rx_max",schemaPath:"#/properties/rx_max/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err20 = {instancePath:instancePath+"/rx_max",schemaPath:"#/properties/rx_max/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid2 = _errs28 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs30 = errors;
if(data8 !== null){
const err21 = {instancePath:instancePath+"/rx_max",schemaPath:"#/properties/rx_max/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var _valid2 = _errs30 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err22 = {instancePath:instancePath+"/rx_max",schemaPath:"#/properties/rx_max/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
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
if(data.rx_min !== undefined){
let data9 = data.rx_min;
const _errs33 = errors;
let valid4 = false;
const _errs34 = errors;
if(typeof data9 == "number"){
if(data9 < 0 || isNaN(data9)){
const err23 = {instancePath:instancePath+"/rx_min",schemaPath:"#/properties/rx_min/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/rx_min",schemaPath:"#/properties/rx_min/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var _valid3 = _errs34 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs36 = errors;
if(data9 !== null){
const err25 = {instancePath:instancePath+"/rx_min",schemaPath:"#/properties/rx_min/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var _valid3 = _errs36 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err26 = {instancePath:instancePath+"/rx_min",schemaPath:"#/properties/rx_min/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
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
if(data.x0x_max !== undefined){
let data10 = data.x0x_max;
const _errs39 = errors;
let valid5 = false;
const _errs40 = errors;
if(typeof data10 == "number"){
if(data10 < 0 || isNaN(data10)){
const err27 = {instancePath:instancePath+"/x0x_max",schemaPath:"#/properties/x0x_max/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/x0x_max",schemaPath:"#/properties/x0x_max/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
var _valid4 = _errs40 === errors;
valid5 = valid5 || _valid4;
if(!valid5){
const _errs42 = errors;
if(data10 !== null){
const err29 = {instancePath:instancePath+"/x0x_max",schemaPath:"#/properties/x0x_max/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
var _valid4 = _errs42 === errors;
valid5 = valid5 || _valid4;
}
if(!valid5){
const err30 = {instancePath:instancePath+"/x0x_max",schemaPath:"#/properties/x0x_max/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
else {
errors = _errs39;
if(vErrors !== null){
if(_errs39){
vErrors.length = _errs39;
}
else {
vErrors = null;
}
}
}
}
if(data.x0x_min !== undefined){
let data11 = data.x0x_min;
const _errs45 = errors;
let valid6 = false;
const _errs46 = errors;
if(typeof data11 == "number"){
if(data11 < 0 || isNaN(data11)){
const err31 = {instancePath:instancePath+"/x0x_min",schemaPath:"#/properties/x0x_min/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/x0x_min",schemaPath:"#/properties/x0x_min/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
var _valid5 = _errs46 === errors;
valid6 = valid6 || _valid5;
if(!valid6){
const _errs48 = errors;
if(data11 !== null){
const err33 = {instancePath:instancePath+"/x0x_min",schemaPath:"#/properties/x0x_min/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var _valid5 = _errs48 === errors;
valid6 = valid6 || _valid5;
}
if(!valid6){
const err34 = {instancePath:instancePath+"/x0x_min",schemaPath:"#/properties/x0x_min/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
else {
errors = _errs45;
if(vErrors !== null){
if(_errs45){
vErrors.length = _errs45;
}
else {
vErrors = null;
}
}
}
}
if(data.r0x0_max !== undefined){
let data12 = data.r0x0_max;
const _errs51 = errors;
let valid7 = false;
const _errs52 = errors;
if(typeof data12 == "number"){
if(data12 < 0 || isNaN(data12)){
const err35 = {instancePath:instancePath+"/r0x0_max",schemaPath:"#/properties/r0x0_max/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/r0x0_max",schemaPath:"#/properties/r0x0_max/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
var _valid6 = _errs52 === errors;
valid7 = valid7 || _valid6;
if(!valid7){
const _errs54 = errors;
if(data12 !== null){
const err37 = {instancePath:instancePath+"/r0x0_max",schemaPath:"#/properties/r0x0_max/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
var _valid6 = _errs54 === errors;
valid7 = valid7 || _valid6;
}
if(!valid7){
const err38 = {instancePath:instancePath+"/r0x0_max",schemaPath:"#/properties/r0x0_max/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
else {
errors = _errs51;
if(vErrors !== null){
if(_errs51){
vErrors.length = _errs51;
}
else {
vErrors = null;
}
}
}
}
if(data.r0x0_min !== undefined){
let data13 = data.r0x0_min;
const _errs57 = errors;
let valid8 = false;
const _errs58 = errors;
if(typeof data13 == "number"){
if(data13 < 0 || isNaN(data13)){
const err39 = {instancePath:instancePath+"/r0x0_min",schemaPath:"#/properties/r0x0_min/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/r0x0_min",schemaPath:"#/properties/r0x0_min/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
var _valid7 = _errs58 === errors;
valid8 = valid8 || _valid7;
if(!valid8){
const _errs60 = errors;
if(data13 !== null){
const err41 = {instancePath:instancePath+"/r0x0_min",schemaPath:"#/properties/r0x0_min/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
var _valid7 = _errs60 === errors;
valid8 = valid8 || _valid7;
}
if(!valid8){
const err42 = {instancePath:instancePath+"/r0x0_min",schemaPath:"#/properties/r0x0_min/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
else {
errors = _errs57;
if(vErrors !== null){
if(_errs57){
vErrors.length = _errs57;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err43 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
validate14.errors = vErrors;
return errors === 0;
}

export const Fuse = validate15;
const schema25 = {"additionalProperties":false,"description":"Fuse link of a type from gridsolve.protection.fuses (published minimum-melting/total-clearing curves).","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"branch":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Line, transformer, transformer3w or impedance branch id","title":"Branch"},"bus":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"The branch end (a bus of `branch`) where the CT sits","title":"Bus"},"switch":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Or the switch the device sits on (bus and element)","title":"Switch"},"fuse_type":{"description":"Fuse type: K, T (generic links, need rated_a), 'HV 63A', 'Siemens NH-2-315', ...","title":"Fuse Type","type":"string"},"rated_a":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Link rating, A (scales the generic K/T curves)","title":"Rated A"}},"required":["id","fuse_type"],"title":"Fuse","type":"object"};

function validate15(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.fuse_type === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "fuse_type"},message:"must have required property '"+"fuse_type"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((((((key0 === "id") || (key0 === "name")) || (key0 === "in_service")) || (key0 === "branch")) || (key0 === "bus")) || (key0 === "switch")) || (key0 === "fuse_type")) || (key0 === "rated_a"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err6 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.branch !== undefined){
let data3 = data.branch;
const _errs9 = errors;
let valid1 = false;
const _errs10 = errors;
if(typeof data3 !== "string"){
const err7 = {instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
var _valid0 = _errs10 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs12 = errors;
if(data3 !== null){
const err8 = {instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var _valid0 = _errs12 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err9 = {instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
errors = _errs9;
if(vErrors !== null){
if(_errs9){
vErrors.length = _errs9;
}
else {
vErrors = null;
}
}
}
}
if(data.bus !== undefined){
let data4 = data.bus;
const _errs15 = errors;
let valid2 = false;
const _errs16 = errors;
if(typeof data4 !== "string"){
const err10 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var _valid1 = _errs16 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs18 = errors;
if(data4 !== null){
const err11 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
var _valid1 = _errs18 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err12 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
else {
errors = _errs15;
if(vErrors !== null){
if(_errs15){
vErrors.length = _errs15;
}
else {
vErrors = null;
}
}
}
}
if(data.switch !== undefined){
let data5 = data.switch;
const _errs21 = errors;
let valid3 = false;
const _errs22 = errors;
if(typeof data5 !== "string"){
const err13 = {instancePath:instancePath+"/switch",schemaPath:"#/properties/switch/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid2 = _errs22 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs24 = errors;
if(data5 !== null){
const err14 = {instancePath:instancePath+"/switch",schemaPath:"#/properties/switch/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var _valid2 = _errs24 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err15 = {instancePath:instancePath+"/switch",schemaPath:"#/properties/switch/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
errors = _errs21;
if(vErrors !== null){
if(_errs21){
vErrors.length = _errs21;
}
else {
vErrors = null;
}
}
}
}
if(data.fuse_type !== undefined){
if(typeof data.fuse_type !== "string"){
const err16 = {instancePath:instancePath+"/fuse_type",schemaPath:"#/properties/fuse_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.rated_a !== undefined){
let data7 = data.rated_a;
const _errs29 = errors;
let valid4 = false;
const _errs30 = errors;
if(typeof data7 == "number"){
if(data7 <= 0 || isNaN(data7)){
const err17 = {instancePath:instancePath+"/rated_a",schemaPath:"#/properties/rated_a/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err18 = {instancePath:instancePath+"/rated_a",schemaPath:"#/properties/rated_a/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var _valid3 = _errs30 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs32 = errors;
if(data7 !== null){
const err19 = {instancePath:instancePath+"/rated_a",schemaPath:"#/properties/rated_a/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
var _valid3 = _errs32 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err20 = {instancePath:instancePath+"/rated_a",schemaPath:"#/properties/rated_a/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
else {
errors = _errs29;
if(vErrors !== null){
if(_errs29){
vErrors.length = _errs29;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err21 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
validate15.errors = vErrors;
return errors === 0;
}

export const Generator = validate16;
const schema16 = {"additionalProperties":false,"description":"Synchronous machine or static (inverter) generator.\n\n`voltage_control=True` makes the bus a PV bus regulated to `vm_pu`; otherwise the unit\ninjects fixed `p_mw`/`q_mvar` (pandapower's sgen, MATPOWER's generator at a PQ bus).\n`slack=True` makes the bus a reference (angle `va_degree`, voltage `vm_pu`).","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"bus":{"title":"Bus","type":"string"},"p_mw":{"default":0,"title":"P Mw","type":"number"},"q_mvar":{"default":0,"title":"Q Mvar","type":"number"},"vm_pu":{"default":1,"exclusiveMinimum":0,"title":"Vm Pu","type":"number"},"va_degree":{"default":0,"title":"Va Degree","type":"number"},"voltage_control":{"default":true,"title":"Voltage Control","type":"boolean"},"slack":{"default":false,"title":"Slack","type":"boolean"},"min_q_mvar":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"title":"Min Q Mvar"},"max_q_mvar":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"title":"Max Q Mvar"},"min_p_mw":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"title":"Min P Mw"},"max_p_mw":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"title":"Max P Mw"},"kind":{"default":"synchronous","enum":["synchronous","static","motor"],"title":"Kind","type":"string"},"sn_mva":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Sn Mva"},"vn_kv":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vn Kv"},"xdss_pu":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Subtransient reactance X''d, pu on sn_mva","title":"Xdss Pu"},"rdss_ohm":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Rdss Ohm"},"x2_pu":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"X2 Pu"},"x0_pu":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"X0 Pu"},"cos_phi":{"anyOf":[{"exclusiveMinimum":0,"maximum":1,"type":"number"},{"type":"null"}],"default":null,"title":"Cos Phi"},"k":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Static generator: Ik = k * In (IEC 60909 current source)","title":"K"},"pg_percent":{"default":0,"title":"Pg Percent","type":"number"},"power_station_trafo":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Id of the unit transformer when generator and transformer form a power station unit (IEC 60909-0 §6.7)","title":"Power Station Trafo"},"lambda_max":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Factor lambda_max for the steady-state current Ik max = lambda_max I_rG, read from IEC 60909-0 figures 18-21 for the machine's x_dsat and excitation series","title":"Lambda Max"},"lambda_min":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Factor lambda_min (Ik min = lambda_min I_rG)","title":"Lambda Min"},"lrc_pu":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Motor locked-rotor current I_LR/I_rM, pu of rated","title":"Lrc Pu"},"rx":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Motor R_M/X_M (None: 0.1 above 1 kV, 0.42 LV)","title":"Rx"},"scaling":{"default":1,"title":"Scaling","type":"number"}},"required":["id","bus"],"title":"Generator","type":"object"};

function validate16(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "bus"},message:"must have required property '"+"bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema16.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err6 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.bus !== undefined){
if(typeof data.bus !== "string"){
const err7 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.p_mw !== undefined){
if(!(typeof data.p_mw == "number")){
const err8 = {instancePath:instancePath+"/p_mw",schemaPath:"#/properties/p_mw/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.q_mvar !== undefined){
if(!(typeof data.q_mvar == "number")){
const err9 = {instancePath:instancePath+"/q_mvar",schemaPath:"#/properties/q_mvar/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.vm_pu !== undefined){
let data6 = data.vm_pu;
if(typeof data6 == "number"){
if(data6 <= 0 || isNaN(data6)){
const err10 = {instancePath:instancePath+"/vm_pu",schemaPath:"#/properties/vm_pu/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err11 = {instancePath:instancePath+"/vm_pu",schemaPath:"#/properties/vm_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.va_degree !== undefined){
if(!(typeof data.va_degree == "number")){
const err12 = {instancePath:instancePath+"/va_degree",schemaPath:"#/properties/va_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.voltage_control !== undefined){
if(typeof data.voltage_control !== "boolean"){
const err13 = {instancePath:instancePath+"/voltage_control",schemaPath:"#/properties/voltage_control/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.slack !== undefined){
if(typeof data.slack !== "boolean"){
const err14 = {instancePath:instancePath+"/slack",schemaPath:"#/properties/slack/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.min_q_mvar !== undefined){
let data10 = data.min_q_mvar;
const _errs23 = errors;
let valid1 = false;
const _errs24 = errors;
if(!(typeof data10 == "number")){
const err15 = {instancePath:instancePath+"/min_q_mvar",schemaPath:"#/properties/min_q_mvar/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
var _valid0 = _errs24 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs26 = errors;
if(data10 !== null){
const err16 = {instancePath:instancePath+"/min_q_mvar",schemaPath:"#/properties/min_q_mvar/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var _valid0 = _errs26 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err17 = {instancePath:instancePath+"/min_q_mvar",schemaPath:"#/properties/min_q_mvar/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
else {
errors = _errs23;
if(vErrors !== null){
if(_errs23){
vErrors.length = _errs23;
}
else {
vErrors = null;
}
}
}
}
if(data.max_q_mvar !== undefined){
let data11 = data.max_q_mvar;
const _errs29 = errors;
let valid2 = false;
const _errs30 = errors;
if(!(typeof data11 == "number")){
const err18 = {instancePath:instancePath+"/max_q_mvar",schemaPath:"#/properties/max_q_mvar/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var _valid1 = _errs30 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs32 = errors;
if(data11 !== null){
const err19 = {instancePath:instancePath+"/max_q_mvar",schemaPath:"#/properties/max_q_mvar/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
var _valid1 = _errs32 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err20 = {instancePath:instancePath+"/max_q_mvar",schemaPath:"#/properties/max_q_mvar/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
else {
errors = _errs29;
if(vErrors !== null){
if(_errs29){
vErrors.length = _errs29;
}
else {
vErrors = null;
}
}
}
}
if(data.min_p_mw !== undefined){
let data12 = data.min_p_mw;
const _errs35 = errors;
let valid3 = false;
const _errs36 = errors;
if(!(typeof data12 == "number")){
const err21 = {instancePath:instancePath+"/min_p_mw",schemaPath:"#/properties/min_p_mw/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var _valid2 = _errs36 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs38 = errors;
if(data12 !== null){
const err22 = {instancePath:instancePath+"/min_p_mw",schemaPath:"#/properties/min_p_mw/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid2 = _errs38 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err23 = {instancePath:instancePath+"/min_p_mw",schemaPath:"#/properties/min_p_mw/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
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
if(data.max_p_mw !== undefined){
let data13 = data.max_p_mw;
const _errs41 = errors;
let valid4 = false;
const _errs42 = errors;
if(!(typeof data13 == "number")){
const err24 = {instancePath:instancePath+"/max_p_mw",schemaPath:"#/properties/max_p_mw/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var _valid3 = _errs42 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs44 = errors;
if(data13 !== null){
const err25 = {instancePath:instancePath+"/max_p_mw",schemaPath:"#/properties/max_p_mw/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var _valid3 = _errs44 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err26 = {instancePath:instancePath+"/max_p_mw",schemaPath:"#/properties/max_p_mw/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
else {
errors = _errs41;
if(vErrors !== null){
if(_errs41){
vErrors.length = _errs41;
}
else {
vErrors = null;
}
}
}
}
if(data.kind !== undefined){
let data14 = data.kind;
if(typeof data14 !== "string"){
const err27 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(!(((data14 === "synchronous") || (data14 === "static")) || (data14 === "motor"))){
const err28 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/enum",keyword:"enum",params:{allowedValues: schema16.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.sn_mva !== undefined){
let data15 = data.sn_mva;
const _errs49 = errors;
let valid5 = false;
const _errs50 = errors;
if(typeof data15 == "number"){
if(data15 <= 0 || isNaN(data15)){
const err29 = {instancePath:instancePath+"/sn_mva",schemaPath:"#/properties/sn_mva/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err30 = {instancePath:instancePath+"/sn_mva",schemaPath:"#/properties/sn_mva/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
var _valid4 = _errs50 === errors;
valid5 = valid5 || _valid4;
if(!valid5){
const _errs52 = errors;
if(data15 !== null){
const err31 = {instancePath:instancePath+"/sn_mva",schemaPath:"#/properties/sn_mva/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
var _valid4 = _errs52 === errors;
valid5 = valid5 || _valid4;
}
if(!valid5){
const err32 = {instancePath:instancePath+"/sn_mva",schemaPath:"#/properties/sn_mva/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
else {
errors = _errs49;
if(vErrors !== null){
if(_errs49){
vErrors.length = _errs49;
}
else {
vErrors = null;
}
}
}
}
if(data.vn_kv !== undefined){
let data16 = data.vn_kv;
const _errs55 = errors;
let valid6 = false;
const _errs56 = errors;
if(typeof data16 == "number"){
if(data16 <= 0 || isNaN(data16)){
const err33 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
var _valid5 = _errs56 === errors;
valid6 = valid6 || _valid5;
if(!valid6){
const _errs58 = errors;
if(data16 !== null){
const err35 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
var _valid5 = _errs58 === errors;
valid6 = valid6 || _valid5;
}
if(!valid6){
const err36 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
else {
errors = _errs55;
if(vErrors !== null){
if(_errs55){
vErrors.length = _errs55;
}
else {
vErrors = null;
}
}
}
}
if(data.xdss_pu !== undefined){
let data17 = data.xdss_pu;
const _errs61 = errors;
let valid7 = false;
const _errs62 = errors;
if(typeof data17 == "number"){
if(data17 <= 0 || isNaN(data17)){
const err37 = {instancePath:instancePath+"/xdss_pu",schemaPath:"#/properties/xdss_pu/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/xdss_pu",schemaPath:"#/properties/xdss_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
var _valid6 = _errs62 === errors;
valid7 = valid7 || _valid6;
if(!valid7){
const _errs64 = errors;
if(data17 !== null){
const err39 = {instancePath:instancePath+"/xdss_pu",schemaPath:"#/properties/xdss_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
var _valid6 = _errs64 === errors;
valid7 = valid7 || _valid6;
}
if(!valid7){
const err40 = {instancePath:instancePath+"/xdss_pu",schemaPath:"#/properties/xdss_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
else {
errors = _errs61;
if(vErrors !== null){
if(_errs61){
vErrors.length = _errs61;
}
else {
vErrors = null;
}
}
}
}
if(data.rdss_ohm !== undefined){
let data18 = data.rdss_ohm;
const _errs67 = errors;
let valid8 = false;
const _errs68 = errors;
if(typeof data18 == "number"){
if(data18 < 0 || isNaN(data18)){
const err41 = {instancePath:instancePath+"/rdss_ohm",schemaPath:"#/properties/rdss_ohm/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
else {
const err42 = {instancePath:instancePath+"/rdss_ohm",schemaPath:"#/properties/rdss_ohm/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
var _valid7 = _errs68 === errors;
valid8 = valid8 || _valid7;
if(!valid8){
const _errs70 = errors;
if(data18 !== null){
const err43 = {instancePath:instancePath+"/rdss_ohm",schemaPath:"#/properties/rdss_ohm/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
var _valid7 = _errs70 === errors;
valid8 = valid8 || _valid7;
}
if(!valid8){
const err44 = {instancePath:instancePath+"/rdss_ohm",schemaPath:"#/properties/rdss_ohm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
else {
errors = _errs67;
if(vErrors !== null){
if(_errs67){
vErrors.length = _errs67;
}
else {
vErrors = null;
}
}
}
}
if(data.x2_pu !== undefined){
let data19 = data.x2_pu;
const _errs73 = errors;
let valid9 = false;
const _errs74 = errors;
if(typeof data19 == "number"){
if(data19 <= 0 || isNaN(data19)){
const err45 = {instancePath:instancePath+"/x2_pu",schemaPath:"#/properties/x2_pu/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
else {
const err46 = {instancePath:instancePath+"/x2_pu",schemaPath:"#/properties/x2_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
var _valid8 = _errs74 === errors;
valid9 = valid9 || _valid8;
if(!valid9){
const _errs76 = errors;
if(data19 !== null){
const err47 = {instancePath:instancePath+"/x2_pu",schemaPath:"#/properties/x2_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
var _valid8 = _errs76 === errors;
valid9 = valid9 || _valid8;
}
if(!valid9){
const err48 = {instancePath:instancePath+"/x2_pu",schemaPath:"#/properties/x2_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
else {
errors = _errs73;
if(vErrors !== null){
if(_errs73){
vErrors.length = _errs73;
}
else {
vErrors = null;
}
}
}
}
if(data.x0_pu !== undefined){
let data20 = data.x0_pu;
const _errs79 = errors;
let valid10 = false;
const _errs80 = errors;
if(typeof data20 == "number"){
if(data20 <= 0 || isNaN(data20)){
const err49 = {instancePath:instancePath+"/x0_pu",schemaPath:"#/properties/x0_pu/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
else {
const err50 = {instancePath:instancePath+"/x0_pu",schemaPath:"#/properties/x0_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
var _valid9 = _errs80 === errors;
valid10 = valid10 || _valid9;
if(!valid10){
const _errs82 = errors;
if(data20 !== null){
const err51 = {instancePath:instancePath+"/x0_pu",schemaPath:"#/properties/x0_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
var _valid9 = _errs82 === errors;
valid10 = valid10 || _valid9;
}
if(!valid10){
const err52 = {instancePath:instancePath+"/x0_pu",schemaPath:"#/properties/x0_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
else {
errors = _errs79;
if(vErrors !== null){
if(_errs79){
vErrors.length = _errs79;
}
else {
vErrors = null;
}
}
}
}
if(data.cos_phi !== undefined){
let data21 = data.cos_phi;
const _errs85 = errors;
let valid11 = false;
const _errs86 = errors;
if(typeof data21 == "number"){
if(data21 > 1 || isNaN(data21)){
const err53 = {instancePath:instancePath+"/cos_phi",schemaPath:"#/properties/cos_phi/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
if(data21 <= 0 || isNaN(data21)){
const err54 = {instancePath:instancePath+"/cos_phi",schemaPath:"#/properties/cos_phi/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/cos_phi",schemaPath:"#/properties/cos_phi/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
var _valid10 = _errs86 === errors;
valid11 = valid11 || _valid10;
if(!valid11){
const _errs88 = errors;
if(data21 !== null){
const err56 = {instancePath:instancePath+"/cos_phi",schemaPath:"#/properties/cos_phi/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
var _valid10 = _errs88 === errors;
valid11 = valid11 || _valid10;
}
if(!valid11){
const err57 = {instancePath:instancePath+"/cos_phi",schemaPath:"#/properties/cos_phi/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
else {
errors = _errs85;
if(vErrors !== null){
if(_errs85){
vErrors.length = _errs85;
}
else {
vErrors = null;
}
}
}
}
if(data.k !== undefined){
let data22 = data.k;
const _errs91 = errors;
let valid12 = false;
const _errs92 = errors;
if(typeof data22 == "number"){
if(data22 <= 0 || isNaN(data22)){
const err58 = {instancePath:instancePath+"/k",schemaPath:"#/properties/k/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
else {
const err59 = {instancePath:instancePath+"/k",schemaPath:"#/properties/k/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
var _valid11 = _errs92 === errors;
valid12 = valid12 || _valid11;
if(!valid12){
const _errs94 = errors;
if(data22 !== null){
const err60 = {instancePath:instancePath+"/k",schemaPath:"#/properties/k/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
var _valid11 = _errs94 === errors;
valid12 = valid12 || _valid11;
}
if(!valid12){
const err61 = {instancePath:instancePath+"/k",schemaPath:"#/properties/k/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
else {
errors = _errs91;
if(vErrors !== null){
if(_errs91){
vErrors.length = _errs91;
}
else {
vErrors = null;
}
}
}
}
if(data.pg_percent !== undefined){
if(!(typeof data.pg_percent == "number")){
const err62 = {instancePath:instancePath+"/pg_percent",schemaPath:"#/properties/pg_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data.power_station_trafo !== undefined){
let data24 = data.power_station_trafo;
const _errs99 = errors;
let valid13 = false;
const _errs100 = errors;
if(typeof data24 !== "string"){
const err63 = {instancePath:instancePath+"/power_station_trafo",schemaPath:"#/properties/power_station_trafo/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
var _valid12 = _errs100 === errors;
valid13 = valid13 || _valid12;
if(!valid13){
const _errs102 = errors;
if(data24 !== null){
const err64 = {instancePath:instancePath+"/power_station_trafo",schemaPath:"#/properties/power_station_trafo/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
var _valid12 = _errs102 === errors;
valid13 = valid13 || _valid12;
}
if(!valid13){
const err65 = {instancePath:instancePath+"/power_station_trafo",schemaPath:"#/properties/power_station_trafo/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
else {
errors = _errs99;
if(vErrors !== null){
if(_errs99){
vErrors.length = _errs99;
}
else {
vErrors = null;
}
}
}
}
if(data.lambda_max !== undefined){
let data25 = data.lambda_max;
const _errs105 = errors;
let valid14 = false;
const _errs106 = errors;
if(typeof data25 == "number"){
if(data25 <= 0 || isNaN(data25)){
const err66 = {instancePath:instancePath+"/lambda_max",schemaPath:"#/properties/lambda_max/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
else {
const err67 = {instancePath:instancePath+"/lambda_max",schemaPath:"#/properties/lambda_max/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
var _valid13 = _errs106 === errors;
valid14 = valid14 || _valid13;
if(!valid14){
const _errs108 = errors;
if(data25 !== null){
const err68 = {instancePath:instancePath+"/lambda_max",schemaPath:"#/properties/lambda_max/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
var _valid13 = _errs108 === errors;
valid14 = valid14 || _valid13;
}
if(!valid14){
const err69 = {instancePath:instancePath+"/lambda_max",schemaPath:"#/properties/lambda_max/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
else {
errors = _errs105;
if(vErrors !== null){
if(_errs105){
vErrors.length = _errs105;
}
else {
vErrors = null;
}
}
}
}
if(data.lambda_min !== undefined){
let data26 = data.lambda_min;
const _errs111 = errors;
let valid15 = false;
const _errs112 = errors;
if(typeof data26 == "number"){
if(data26 <= 0 || isNaN(data26)){
const err70 = {instancePath:instancePath+"/lambda_min",schemaPath:"#/properties/lambda_min/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
else {
const err71 = {instancePath:instancePath+"/lambda_min",schemaPath:"#/properties/lambda_min/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
var _valid14 = _errs112 === errors;
valid15 = valid15 || _valid14;
if(!valid15){
const _errs114 = errors;
if(data26 !== null){
const err72 = {instancePath:instancePath+"/lambda_min",schemaPath:"#/properties/lambda_min/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
var _valid14 = _errs114 === errors;
valid15 = valid15 || _valid14;
}
if(!valid15){
const err73 = {instancePath:instancePath+"/lambda_min",schemaPath:"#/properties/lambda_min/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
else {
errors = _errs111;
if(vErrors !== null){
if(_errs111){
vErrors.length = _errs111;
}
else {
vErrors = null;
}
}
}
}
if(data.lrc_pu !== undefined){
let data27 = data.lrc_pu;
const _errs117 = errors;
let valid16 = false;
const _errs118 = errors;
if(typeof data27 == "number"){
if(data27 <= 0 || isNaN(data27)){
const err74 = {instancePath:instancePath+"/lrc_pu",schemaPath:"#/properties/lrc_pu/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
else {
const err75 = {instancePath:instancePath+"/lrc_pu",schemaPath:"#/properties/lrc_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
var _valid15 = _errs118 === errors;
valid16 = valid16 || _valid15;
if(!valid16){
const _errs120 = errors;
if(data27 !== null){
const err76 = {instancePath:instancePath+"/lrc_pu",schemaPath:"#/properties/lrc_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
var _valid15 = _errs120 === errors;
valid16 = valid16 || _valid15;
}
if(!valid16){
const err77 = {instancePath:instancePath+"/lrc_pu",schemaPath:"#/properties/lrc_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
else {
errors = _errs117;
if(vErrors !== null){
if(_errs117){
vErrors.length = _errs117;
}
else {
vErrors = null;
}
}
}
}
if(data.rx !== undefined){
let data28 = data.rx;
const _errs123 = errors;
let valid17 = false;
const _errs124 = errors;
if(typeof data28 == "number"){
if(data28 < 0 || isNaN(data28)){
const err78 = {instancePath:instancePath+"/rx",schemaPath:"#/properties/rx/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
else {
const err79 = {instancePath:instancePath+"/rx",schemaPath:"#/properties/rx/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
var _valid16 = _errs124 === errors;
valid17 = valid17 || _valid16;
if(!valid17){
const _errs126 = errors;
if(data28 !== null){
const err80 = {instancePath:instancePath+"/rx",schemaPath:"#/properties/rx/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
var _valid16 = _errs126 === errors;
valid17 = valid17 || _valid16;
}
if(!valid17){
const err81 = {instancePath:instancePath+"/rx",schemaPath:"#/properties/rx/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
else {
errors = _errs123;
if(vErrors !== null){
if(_errs123){
vErrors.length = _errs123;
}
else {
vErrors = null;
}
}
}
}
if(data.scaling !== undefined){
if(!(typeof data.scaling == "number")){
const err82 = {instancePath:instancePath+"/scaling",schemaPath:"#/properties/scaling/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
}
else {
const err83 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
validate16.errors = vErrors;
return errors === 0;
}

export const ImpedanceBranch = validate17;
const schema22 = {"additionalProperties":false,"description":"Pi branch in per unit on the network's base MVA and the buses' nominal kV.\n\nThis is MATPOWER's branch: series r + jx, total charging b split half at each end, and an\nideal transformer with off-nominal `tap_ratio` and `shift_degree` at the from end.\n`g_mag_pu`/`b_mag_pu` add a magnetizing shunt at the from end (PSS/E MAG1/MAG2).","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"from_bus":{"title":"From Bus","type":"string"},"to_bus":{"title":"To Bus","type":"string"},"r_pu":{"title":"R Pu","type":"number"},"x_pu":{"title":"X Pu","type":"number"},"b_pu":{"default":0,"title":"B Pu","type":"number"},"g_mag_pu":{"default":0,"title":"G Mag Pu","type":"number"},"b_mag_pu":{"default":0,"title":"B Mag Pu","type":"number"},"tap_ratio":{"default":1,"exclusiveMinimum":0,"title":"Tap Ratio","type":"number"},"shift_degree":{"default":0,"title":"Shift Degree","type":"number"},"rate_a_mva":{"default":0,"minimum":0,"title":"Rate A Mva","type":"number"},"rate_b_mva":{"default":0,"minimum":0,"title":"Rate B Mva","type":"number"},"rate_c_mva":{"default":0,"minimum":0,"title":"Rate C Mva","type":"number"},"is_transformer":{"default":false,"title":"Is Transformer","type":"boolean"},"r0_pu":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"description":"Zero-sequence series resistance, pu (short circuit)","title":"R0 Pu"},"x0_pu":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"description":"Zero-sequence series reactance, pu (short circuit)","title":"X0 Pu"},"angmin_degree":{"default":-360,"title":"Angmin Degree","type":"number"},"angmax_degree":{"default":360,"title":"Angmax Degree","type":"number"}},"required":["id","from_bus","to_bus","r_pu","x_pu"],"title":"ImpedanceBranch","type":"object"};

function validate17(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.from_bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "from_bus"},message:"must have required property '"+"from_bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.to_bus === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "to_bus"},message:"must have required property '"+"to_bus"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.r_pu === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "r_pu"},message:"must have required property '"+"r_pu"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.x_pu === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "x_pu"},message:"must have required property '"+"x_pu"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema22.properties, key0))){
const err5 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err6 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err8 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err9 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.from_bus !== undefined){
if(typeof data.from_bus !== "string"){
const err10 = {instancePath:instancePath+"/from_bus",schemaPath:"#/properties/from_bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.to_bus !== undefined){
if(typeof data.to_bus !== "string"){
const err11 = {instancePath:instancePath+"/to_bus",schemaPath:"#/properties/to_bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.r_pu !== undefined){
if(!(typeof data.r_pu == "number")){
const err12 = {instancePath:instancePath+"/r_pu",schemaPath:"#/properties/r_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.x_pu !== undefined){
if(!(typeof data.x_pu == "number")){
const err13 = {instancePath:instancePath+"/x_pu",schemaPath:"#/properties/x_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.b_pu !== undefined){
if(!(typeof data.b_pu == "number")){
const err14 = {instancePath:instancePath+"/b_pu",schemaPath:"#/properties/b_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.g_mag_pu !== undefined){
if(!(typeof data.g_mag_pu == "number")){
const err15 = {instancePath:instancePath+"/g_mag_pu",schemaPath:"#/properties/g_mag_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.b_mag_pu !== undefined){
if(!(typeof data.b_mag_pu == "number")){
const err16 = {instancePath:instancePath+"/b_mag_pu",schemaPath:"#/properties/b_mag_pu/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.tap_ratio !== undefined){
let data10 = data.tap_ratio;
if(typeof data10 == "number"){
if(data10 <= 0 || isNaN(data10)){
const err17 = {instancePath:instancePath+"/tap_ratio",schemaPath:"#/properties/tap_ratio/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err18 = {instancePath:instancePath+"/tap_ratio",schemaPath:"#/properties/tap_ratio/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data.shift_degree !== undefined){
if(!(typeof data.shift_degree == "number")){
const err19 = {instancePath:instancePath+"/shift_degree",schemaPath:"#/properties/shift_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.rate_a_mva !== undefined){
let data12 = data.rate_a_mva;
if(typeof data12 == "number"){
if(data12 < 0 || isNaN(data12)){
const err20 = {instancePath:instancePath+"/rate_a_mva",schemaPath:"#/properties/rate_a_mva/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err21 = {instancePath:instancePath+"/rate_a_mva",schemaPath:"#/properties/rate_a_mva/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.rate_b_mva !== undefined){
let data13 = data.rate_b_mva;
if(typeof data13 == "number"){
if(data13 < 0 || isNaN(data13)){
const err22 = {instancePath:instancePath+"/rate_b_mva",schemaPath:"#/properties/rate_b_mva/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
else {
const err23 = {instancePath:instancePath+"/rate_b_mva",schemaPath:"#/properties/rate_b_mva/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data.rate_c_mva !== undefined){
let data14 = data.rate_c_mva;
if(typeof data14 == "number"){
if(data14 < 0 || isNaN(data14)){
const err24 = {instancePath:instancePath+"/rate_c_mva",schemaPath:"#/properties/rate_c_mva/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/rate_c_mva",schemaPath:"#/properties/rate_c_mva/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.is_transformer !== undefined){
if(typeof data.is_transformer !== "boolean"){
const err26 = {instancePath:instancePath+"/is_transformer",schemaPath:"#/properties/is_transformer/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.r0_pu !== undefined){
let data16 = data.r0_pu;
const _errs35 = errors;
let valid1 = false;
const _errs36 = errors;
if(!(typeof data16 == "number")){
const err27 = {instancePath:instancePath+"/r0_pu",schemaPath:"#/properties/r0_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
var _valid0 = _errs36 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs38 = errors;
if(data16 !== null){
const err28 = {instancePath:instancePath+"/r0_pu",schemaPath:"#/properties/r0_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
var _valid0 = _errs38 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err29 = {instancePath:instancePath+"/r0_pu",schemaPath:"#/properties/r0_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
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
if(data.x0_pu !== undefined){
let data17 = data.x0_pu;
const _errs41 = errors;
let valid2 = false;
const _errs42 = errors;
if(!(typeof data17 == "number")){
const err30 = {instancePath:instancePath+"/x0_pu",schemaPath:"#/properties/x0_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
var _valid1 = _errs42 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs44 = errors;
if(data17 !== null){
const err31 = {instancePath:instancePath+"/x0_pu",schemaPath:"#/properties/x0_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
var _valid1 = _errs44 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err32 = {instancePath:instancePath+"/x0_pu",schemaPath:"#/properties/x0_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
else {
errors = _errs41;
if(vErrors !== null){
if(_errs41){
vErrors.length = _errs41;
}
else {
vErrors = null;
}
}
}
}
if(data.angmin_degree !== undefined){
if(!(typeof data.angmin_degree == "number")){
const err33 = {instancePath:instancePath+"/angmin_degree",schemaPath:"#/properties/angmin_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data.angmax_degree !== undefined){
if(!(typeof data.angmax_degree == "number")){
const err34 = {instancePath:instancePath+"/angmax_degree",schemaPath:"#/properties/angmax_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
}
else {
const err35 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
validate17.errors = vErrors;
return errors === 0;
}

export const Line = validate18;
const schema13 = {"additionalProperties":false,"description":"Overhead line or cable: a pi-section from per-km data times length, `parallel` in parallel.\n\nFor total (not per-km) values, give `length_km = 1` and the totals as the per-km fields.","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"from_bus":{"title":"From Bus","type":"string"},"to_bus":{"title":"To Bus","type":"string"},"length_km":{"default":1,"exclusiveMinimum":0,"title":"Length Km","type":"number"},"r_ohm_per_km":{"minimum":0,"title":"R Ohm Per Km","type":"number"},"x_ohm_per_km":{"title":"X Ohm Per Km","type":"number"},"c_nf_per_km":{"default":0,"minimum":0,"title":"C Nf Per Km","type":"number"},"g_us_per_km":{"default":0,"minimum":0,"title":"G Us Per Km","type":"number"},"max_i_ka":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Thermal rating per circuit, kA","title":"Max I Ka"},"rating_mva":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Thermal rating in MVA (if no max_i_ka)","title":"Rating Mva"},"parallel":{"default":1,"minimum":1,"title":"Parallel","type":"integer"},"kind":{"default":"overhead","enum":["overhead","cable"],"title":"Kind","type":"string"},"r0_ohm_per_km":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"R0 Ohm Per Km"},"x0_ohm_per_km":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"title":"X0 Ohm Per Km"},"c0_nf_per_km":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"C0 Nf Per Km"},"endtemp_degree":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"description":"Conductor end temperature, degC","title":"Endtemp Degree"}},"required":["id","from_bus","to_bus","r_ohm_per_km","x_ohm_per_km"],"title":"Line","type":"object"};

function validate18(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.from_bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "from_bus"},message:"must have required property '"+"from_bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.to_bus === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "to_bus"},message:"must have required property '"+"to_bus"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.r_ohm_per_km === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "r_ohm_per_km"},message:"must have required property '"+"r_ohm_per_km"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.x_ohm_per_km === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "x_ohm_per_km"},message:"must have required property '"+"x_ohm_per_km"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema13.properties, key0))){
const err5 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err6 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err8 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err9 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.from_bus !== undefined){
if(typeof data.from_bus !== "string"){
const err10 = {instancePath:instancePath+"/from_bus",schemaPath:"#/properties/from_bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.to_bus !== undefined){
if(typeof data.to_bus !== "string"){
const err11 = {instancePath:instancePath+"/to_bus",schemaPath:"#/properties/to_bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.length_km !== undefined){
let data5 = data.length_km;
if(typeof data5 == "number"){
if(data5 <= 0 || isNaN(data5)){
const err12 = {instancePath:instancePath+"/length_km",schemaPath:"#/properties/length_km/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err13 = {instancePath:instancePath+"/length_km",schemaPath:"#/properties/length_km/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.r_ohm_per_km !== undefined){
let data6 = data.r_ohm_per_km;
if(typeof data6 == "number"){
if(data6 < 0 || isNaN(data6)){
const err14 = {instancePath:instancePath+"/r_ohm_per_km",schemaPath:"#/properties/r_ohm_per_km/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err15 = {instancePath:instancePath+"/r_ohm_per_km",schemaPath:"#/properties/r_ohm_per_km/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.x_ohm_per_km !== undefined){
if(!(typeof data.x_ohm_per_km == "number")){
const err16 = {instancePath:instancePath+"/x_ohm_per_km",schemaPath:"#/properties/x_ohm_per_km/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.c_nf_per_km !== undefined){
let data8 = data.c_nf_per_km;
if(typeof data8 == "number"){
if(data8 < 0 || isNaN(data8)){
const err17 = {instancePath:instancePath+"/c_nf_per_km",schemaPath:"#/properties/c_nf_per_km/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err18 = {instancePath:instancePath+"/c_nf_per_km",schemaPath:"#/properties/c_nf_per_km/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data.g_us_per_km !== undefined){
let data9 = data.g_us_per_km;
if(typeof data9 == "number"){
if(data9 < 0 || isNaN(data9)){
const err19 = {instancePath:instancePath+"/g_us_per_km",schemaPath:"#/properties/g_us_per_km/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err20 = {instancePath:instancePath+"/g_us_per_km",schemaPath:"#/properties/g_us_per_km/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.max_i_ka !== undefined){
let data10 = data.max_i_ka;
const _errs23 = errors;
let valid1 = false;
const _errs24 = errors;
if(typeof data10 == "number"){
if(data10 <= 0 || isNaN(data10)){
const err21 = {instancePath:instancePath+"/max_i_ka",schemaPath:"#/properties/max_i_ka/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err22 = {instancePath:instancePath+"/max_i_ka",schemaPath:"#/properties/max_i_ka/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid0 = _errs24 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs26 = errors;
if(data10 !== null){
const err23 = {instancePath:instancePath+"/max_i_ka",schemaPath:"#/properties/max_i_ka/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
var _valid0 = _errs26 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err24 = {instancePath:instancePath+"/max_i_ka",schemaPath:"#/properties/max_i_ka/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
else {
errors = _errs23;
if(vErrors !== null){
if(_errs23){
vErrors.length = _errs23;
}
else {
vErrors = null;
}
}
}
}
if(data.rating_mva !== undefined){
let data11 = data.rating_mva;
const _errs29 = errors;
let valid2 = false;
const _errs30 = errors;
if(typeof data11 == "number"){
if(data11 <= 0 || isNaN(data11)){
const err25 = {instancePath:instancePath+"/rating_mva",schemaPath:"#/properties/rating_mva/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err26 = {instancePath:instancePath+"/rating_mva",schemaPath:"#/properties/rating_mva/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
var _valid1 = _errs30 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs32 = errors;
if(data11 !== null){
const err27 = {instancePath:instancePath+"/rating_mva",schemaPath:"#/properties/rating_mva/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
var _valid1 = _errs32 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err28 = {instancePath:instancePath+"/rating_mva",schemaPath:"#/properties/rating_mva/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
else {
errors = _errs29;
if(vErrors !== null){
if(_errs29){
vErrors.length = _errs29;
}
else {
vErrors = null;
}
}
}
}
if(data.parallel !== undefined){
let data12 = data.parallel;
if(!((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12)))){
const err29 = {instancePath:instancePath+"/parallel",schemaPath:"#/properties/parallel/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(typeof data12 == "number"){
if(data12 < 1 || isNaN(data12)){
const err30 = {instancePath:instancePath+"/parallel",schemaPath:"#/properties/parallel/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
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
if(data.kind !== undefined){
let data13 = data.kind;
if(typeof data13 !== "string"){
const err31 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(!((data13 === "overhead") || (data13 === "cable"))){
const err32 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/enum",keyword:"enum",params:{allowedValues: schema13.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.r0_ohm_per_km !== undefined){
let data14 = data.r0_ohm_per_km;
const _errs39 = errors;
let valid3 = false;
const _errs40 = errors;
if(typeof data14 == "number"){
if(data14 < 0 || isNaN(data14)){
const err33 = {instancePath:instancePath+"/r0_ohm_per_km",schemaPath:"#/properties/r0_ohm_per_km/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/r0_ohm_per_km",schemaPath:"#/properties/r0_ohm_per_km/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
var _valid2 = _errs40 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs42 = errors;
if(data14 !== null){
const err35 = {instancePath:instancePath+"/r0_ohm_per_km",schemaPath:"#/properties/r0_ohm_per_km/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
var _valid2 = _errs42 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err36 = {instancePath:instancePath+"/r0_ohm_per_km",schemaPath:"#/properties/r0_ohm_per_km/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
else {
errors = _errs39;
if(vErrors !== null){
if(_errs39){
vErrors.length = _errs39;
}
else {
vErrors = null;
}
}
}
}
if(data.x0_ohm_per_km !== undefined){
let data15 = data.x0_ohm_per_km;
const _errs45 = errors;
let valid4 = false;
const _errs46 = errors;
if(!(typeof data15 == "number")){
const err37 = {instancePath:instancePath+"/x0_ohm_per_km",schemaPath:"#/properties/x0_ohm_per_km/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
var _valid3 = _errs46 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs48 = errors;
if(data15 !== null){
const err38 = {instancePath:instancePath+"/x0_ohm_per_km",schemaPath:"#/properties/x0_ohm_per_km/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
var _valid3 = _errs48 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err39 = {instancePath:instancePath+"/x0_ohm_per_km",schemaPath:"#/properties/x0_ohm_per_km/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
else {
errors = _errs45;
if(vErrors !== null){
if(_errs45){
vErrors.length = _errs45;
}
else {
vErrors = null;
}
}
}
}
if(data.c0_nf_per_km !== undefined){
let data16 = data.c0_nf_per_km;
const _errs51 = errors;
let valid5 = false;
const _errs52 = errors;
if(typeof data16 == "number"){
if(data16 < 0 || isNaN(data16)){
const err40 = {instancePath:instancePath+"/c0_nf_per_km",schemaPath:"#/properties/c0_nf_per_km/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/c0_nf_per_km",schemaPath:"#/properties/c0_nf_per_km/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
var _valid4 = _errs52 === errors;
valid5 = valid5 || _valid4;
if(!valid5){
const _errs54 = errors;
if(data16 !== null){
const err42 = {instancePath:instancePath+"/c0_nf_per_km",schemaPath:"#/properties/c0_nf_per_km/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
var _valid4 = _errs54 === errors;
valid5 = valid5 || _valid4;
}
if(!valid5){
const err43 = {instancePath:instancePath+"/c0_nf_per_km",schemaPath:"#/properties/c0_nf_per_km/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
else {
errors = _errs51;
if(vErrors !== null){
if(_errs51){
vErrors.length = _errs51;
}
else {
vErrors = null;
}
}
}
}
if(data.endtemp_degree !== undefined){
let data17 = data.endtemp_degree;
const _errs57 = errors;
let valid6 = false;
const _errs58 = errors;
if(!(typeof data17 == "number")){
const err44 = {instancePath:instancePath+"/endtemp_degree",schemaPath:"#/properties/endtemp_degree/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
var _valid5 = _errs58 === errors;
valid6 = valid6 || _valid5;
if(!valid6){
const _errs60 = errors;
if(data17 !== null){
const err45 = {instancePath:instancePath+"/endtemp_degree",schemaPath:"#/properties/endtemp_degree/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var _valid5 = _errs60 === errors;
valid6 = valid6 || _valid5;
}
if(!valid6){
const err46 = {instancePath:instancePath+"/endtemp_degree",schemaPath:"#/properties/endtemp_degree/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
else {
errors = _errs57;
if(vErrors !== null){
if(_errs57){
vErrors.length = _errs57;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err47 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
validate18.errors = vErrors;
return errors === 0;
}

export const Load = validate19;
const schema18 = {"additionalProperties":false,"description":"Load in the consumer convention; ZIP shares are % of P and Q (the rest is constant power).","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"bus":{"title":"Bus","type":"string"},"p_mw":{"default":0,"title":"P Mw","type":"number"},"q_mvar":{"default":0,"title":"Q Mvar","type":"number"},"const_z_percent":{"default":0,"maximum":100,"minimum":0,"title":"Const Z Percent","type":"number"},"const_i_percent":{"default":0,"maximum":100,"minimum":0,"title":"Const I Percent","type":"number"},"scaling":{"default":1,"title":"Scaling","type":"number"}},"required":["id","bus"],"title":"Load","type":"object"};

function validate19(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "bus"},message:"must have required property '"+"bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema18.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err6 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.bus !== undefined){
if(typeof data.bus !== "string"){
const err7 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.p_mw !== undefined){
if(!(typeof data.p_mw == "number")){
const err8 = {instancePath:instancePath+"/p_mw",schemaPath:"#/properties/p_mw/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.q_mvar !== undefined){
if(!(typeof data.q_mvar == "number")){
const err9 = {instancePath:instancePath+"/q_mvar",schemaPath:"#/properties/q_mvar/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.const_z_percent !== undefined){
let data6 = data.const_z_percent;
if(typeof data6 == "number"){
if(data6 > 100 || isNaN(data6)){
const err10 = {instancePath:instancePath+"/const_z_percent",schemaPath:"#/properties/const_z_percent/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data6 < 0 || isNaN(data6)){
const err11 = {instancePath:instancePath+"/const_z_percent",schemaPath:"#/properties/const_z_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/const_z_percent",schemaPath:"#/properties/const_z_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.const_i_percent !== undefined){
let data7 = data.const_i_percent;
if(typeof data7 == "number"){
if(data7 > 100 || isNaN(data7)){
const err13 = {instancePath:instancePath+"/const_i_percent",schemaPath:"#/properties/const_i_percent/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data7 < 0 || isNaN(data7)){
const err14 = {instancePath:instancePath+"/const_i_percent",schemaPath:"#/properties/const_i_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err15 = {instancePath:instancePath+"/const_i_percent",schemaPath:"#/properties/const_i_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.scaling !== undefined){
if(!(typeof data.scaling == "number")){
const err16 = {instancePath:instancePath+"/scaling",schemaPath:"#/properties/scaling/type",keyword:"type",params:{type: "number"},message:"must be number"};
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
else {
const err17 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
validate19.errors = vErrors;
return errors === 0;
}

export const Motor = validate20;
const schema19 = {"additionalProperties":false,"description":"Asynchronous motor, or a group of low-voltage motors (pandapower's `motor` table).\n\nPower flow: a load of P = pn_mech_mw / efficiency * loading * scaling at cos_phi. Short\ncircuit (IEC 60909-0 §6.8, maximum currents only): Z_M = U_rM^2 / (I_LR/I_rM * S_rM) with\nS_rM = pn_mech_mw / (efficiency_n cos_phi_n) and R_M/X_M by the standard's rule when `rx` is\nnot given (0.10 for MV motors with P_rM per pole pair >= 1 MW, 0.15 below, 0.42 for LV groups).","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"bus":{"title":"Bus","type":"string"},"pn_mech_mw":{"description":"Rated mechanical power P_rM, MW (a group: the sum)","exclusiveMinimum":0,"title":"Pn Mech Mw","type":"number"},"cos_phi":{"default":0.9,"description":"Power factor at the operating point","exclusiveMinimum":0,"maximum":1,"title":"Cos Phi","type":"number"},"cos_phi_n":{"anyOf":[{"exclusiveMinimum":0,"maximum":1,"type":"number"},{"type":"null"}],"default":null,"description":"Rated power factor cos phi_rM (default: cos_phi)","title":"Cos Phi N"},"efficiency_percent":{"default":100,"description":"Efficiency at the operating point, %","exclusiveMinimum":0,"maximum":100,"title":"Efficiency Percent","type":"number"},"efficiency_n_percent":{"anyOf":[{"exclusiveMinimum":0,"maximum":100,"type":"number"},{"type":"null"}],"default":null,"description":"Rated efficiency eta_rM, % (default: efficiency_percent)","title":"Efficiency N Percent"},"loading_percent":{"default":100,"description":"Mechanical loading, % of pn_mech_mw (power flow)","minimum":0,"title":"Loading Percent","type":"number"},"scaling":{"default":1,"minimum":0,"title":"Scaling","type":"number"},"vn_kv":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Rated voltage U_rM, kV (default: the bus's nominal voltage)","title":"Vn Kv"},"lrc_pu":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Locked-rotor current I_LR/I_rM (LV groups: 5 when not given)","title":"Lrc Pu"},"rx":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"R_M/X_M (default: IEC 60909-0 §6.8 rule)","title":"Rx"},"pole_pairs":{"anyOf":[{"minimum":1,"type":"integer"},{"type":"null"}],"default":null,"description":"Pole pairs p of the motor (m = P_rM/p for R_M/X_M and the breaking-current factor q)","title":"Pole Pairs"},"lv_group":{"anyOf":[{"type":"boolean"},{"type":"null"}],"default":null,"description":"A group of low-voltage motors with their cables (default: rated voltage <= 1 kV)","title":"Lv Group"}},"required":["id","bus","pn_mech_mw"],"title":"Motor","type":"object"};

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "bus"},message:"must have required property '"+"bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.pn_mech_mw === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "pn_mech_mw"},message:"must have required property '"+"pn_mech_mw"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema19.properties, key0))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
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
const err5 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err6 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err7 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.bus !== undefined){
if(typeof data.bus !== "string"){
const err8 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.pn_mech_mw !== undefined){
let data4 = data.pn_mech_mw;
if(typeof data4 == "number"){
if(data4 <= 0 || isNaN(data4)){
const err9 = {instancePath:instancePath+"/pn_mech_mw",schemaPath:"#/properties/pn_mech_mw/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err10 = {instancePath:instancePath+"/pn_mech_mw",schemaPath:"#/properties/pn_mech_mw/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.cos_phi !== undefined){
let data5 = data.cos_phi;
if(typeof data5 == "number"){
if(data5 > 1 || isNaN(data5)){
const err11 = {instancePath:instancePath+"/cos_phi",schemaPath:"#/properties/cos_phi/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data5 <= 0 || isNaN(data5)){
const err12 = {instancePath:instancePath+"/cos_phi",schemaPath:"#/properties/cos_phi/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err13 = {instancePath:instancePath+"/cos_phi",schemaPath:"#/properties/cos_phi/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.cos_phi_n !== undefined){
let data6 = data.cos_phi_n;
const _errs15 = errors;
let valid1 = false;
const _errs16 = errors;
if(typeof data6 == "number"){
if(data6 > 1 || isNaN(data6)){
const err14 = {instancePath:instancePath+"/cos_phi_n",schemaPath:"#/properties/cos_phi_n/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data6 <= 0 || isNaN(data6)){
const err15 = {instancePath:instancePath+"/cos_phi_n",schemaPath:"#/properties/cos_phi_n/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err16 = {instancePath:instancePath+"/cos_phi_n",schemaPath:"#/properties/cos_phi_n/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var _valid0 = _errs16 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs18 = errors;
if(data6 !== null){
const err17 = {instancePath:instancePath+"/cos_phi_n",schemaPath:"#/properties/cos_phi_n/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var _valid0 = _errs18 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err18 = {instancePath:instancePath+"/cos_phi_n",schemaPath:"#/properties/cos_phi_n/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
else {
errors = _errs15;
if(vErrors !== null){
if(_errs15){
vErrors.length = _errs15;
}
else {
vErrors = null;
}
}
}
}
if(data.efficiency_percent !== undefined){
let data7 = data.efficiency_percent;
if(typeof data7 == "number"){
if(data7 > 100 || isNaN(data7)){
const err19 = {instancePath:instancePath+"/efficiency_percent",schemaPath:"#/properties/efficiency_percent/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data7 <= 0 || isNaN(data7)){
const err20 = {instancePath:instancePath+"/efficiency_percent",schemaPath:"#/properties/efficiency_percent/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err21 = {instancePath:instancePath+"/efficiency_percent",schemaPath:"#/properties/efficiency_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.efficiency_n_percent !== undefined){
let data8 = data.efficiency_n_percent;
const _errs23 = errors;
let valid2 = false;
const _errs24 = errors;
if(typeof data8 == "number"){
if(data8 > 100 || isNaN(data8)){
const err22 = {instancePath:instancePath+"/efficiency_n_percent",schemaPath:"#/properties/efficiency_n_percent/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data8 <= 0 || isNaN(data8)){
const err23 = {instancePath:instancePath+"/efficiency_n_percent",schemaPath:"#/properties/efficiency_n_percent/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/efficiency_n_percent",schemaPath:"#/properties/efficiency_n_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var _valid1 = _errs24 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs26 = errors;
if(data8 !== null){
const err25 = {instancePath:instancePath+"/efficiency_n_percent",schemaPath:"#/properties/efficiency_n_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var _valid1 = _errs26 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err26 = {instancePath:instancePath+"/efficiency_n_percent",schemaPath:"#/properties/efficiency_n_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
else {
errors = _errs23;
if(vErrors !== null){
if(_errs23){
vErrors.length = _errs23;
}
else {
vErrors = null;
}
}
}
}
if(data.loading_percent !== undefined){
let data9 = data.loading_percent;
if(typeof data9 == "number"){
if(data9 < 0 || isNaN(data9)){
const err27 = {instancePath:instancePath+"/loading_percent",schemaPath:"#/properties/loading_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/loading_percent",schemaPath:"#/properties/loading_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.scaling !== undefined){
let data10 = data.scaling;
if(typeof data10 == "number"){
if(data10 < 0 || isNaN(data10)){
const err29 = {instancePath:instancePath+"/scaling",schemaPath:"#/properties/scaling/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err30 = {instancePath:instancePath+"/scaling",schemaPath:"#/properties/scaling/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.vn_kv !== undefined){
let data11 = data.vn_kv;
const _errs33 = errors;
let valid3 = false;
const _errs34 = errors;
if(typeof data11 == "number"){
if(data11 <= 0 || isNaN(data11)){
const err31 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
var _valid2 = _errs34 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs36 = errors;
if(data11 !== null){
const err33 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var _valid2 = _errs36 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err34 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
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
if(data.lrc_pu !== undefined){
let data12 = data.lrc_pu;
const _errs39 = errors;
let valid4 = false;
const _errs40 = errors;
if(typeof data12 == "number"){
if(data12 <= 0 || isNaN(data12)){
const err35 = {instancePath:instancePath+"/lrc_pu",schemaPath:"#/properties/lrc_pu/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/lrc_pu",schemaPath:"#/properties/lrc_pu/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
var _valid3 = _errs40 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs42 = errors;
if(data12 !== null){
const err37 = {instancePath:instancePath+"/lrc_pu",schemaPath:"#/properties/lrc_pu/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
var _valid3 = _errs42 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err38 = {instancePath:instancePath+"/lrc_pu",schemaPath:"#/properties/lrc_pu/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
else {
errors = _errs39;
if(vErrors !== null){
if(_errs39){
vErrors.length = _errs39;
}
else {
vErrors = null;
}
}
}
}
if(data.rx !== undefined){
let data13 = data.rx;
const _errs45 = errors;
let valid5 = false;
const _errs46 = errors;
if(typeof data13 == "number"){
if(data13 < 0 || isNaN(data13)){
const err39 = {instancePath:instancePath+"/rx",schemaPath:"#/properties/rx/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/rx",schemaPath:"#/properties/rx/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
var _valid4 = _errs46 === errors;
valid5 = valid5 || _valid4;
if(!valid5){
const _errs48 = errors;
if(data13 !== null){
const err41 = {instancePath:instancePath+"/rx",schemaPath:"#/properties/rx/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
var _valid4 = _errs48 === errors;
valid5 = valid5 || _valid4;
}
if(!valid5){
const err42 = {instancePath:instancePath+"/rx",schemaPath:"#/properties/rx/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
else {
errors = _errs45;
if(vErrors !== null){
if(_errs45){
vErrors.length = _errs45;
}
else {
vErrors = null;
}
}
}
}
if(data.pole_pairs !== undefined){
let data14 = data.pole_pairs;
const _errs51 = errors;
let valid6 = false;
const _errs52 = errors;
if(!((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14)))){
const err43 = {instancePath:instancePath+"/pole_pairs",schemaPath:"#/properties/pole_pairs/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if(typeof data14 == "number"){
if(data14 < 1 || isNaN(data14)){
const err44 = {instancePath:instancePath+"/pole_pairs",schemaPath:"#/properties/pole_pairs/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
var _valid5 = _errs52 === errors;
valid6 = valid6 || _valid5;
if(!valid6){
const _errs54 = errors;
if(data14 !== null){
const err45 = {instancePath:instancePath+"/pole_pairs",schemaPath:"#/properties/pole_pairs/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var _valid5 = _errs54 === errors;
valid6 = valid6 || _valid5;
}
if(!valid6){
const err46 = {instancePath:instancePath+"/pole_pairs",schemaPath:"#/properties/pole_pairs/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
else {
errors = _errs51;
if(vErrors !== null){
if(_errs51){
vErrors.length = _errs51;
}
else {
vErrors = null;
}
}
}
}
if(data.lv_group !== undefined){
let data15 = data.lv_group;
const _errs57 = errors;
let valid7 = false;
const _errs58 = errors;
if(typeof data15 !== "boolean"){
const err47 = {instancePath:instancePath+"/lv_group",schemaPath:"#/properties/lv_group/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
var _valid6 = _errs58 === errors;
valid7 = valid7 || _valid6;
if(!valid7){
const _errs60 = errors;
if(data15 !== null){
const err48 = {instancePath:instancePath+"/lv_group",schemaPath:"#/properties/lv_group/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
var _valid6 = _errs60 === errors;
valid7 = valid7 || _valid6;
}
if(!valid7){
const err49 = {instancePath:instancePath+"/lv_group",schemaPath:"#/properties/lv_group/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
else {
errors = _errs57;
if(vErrors !== null){
if(_errs57){
vErrors.length = _errs57;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err50 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}

export const OvercurrentElement = validate21;
const schema24 = {"additionalProperties":false,"description":"One element of an overcurrent relay: time-overcurrent 51/51N or instantaneous 50/50N.\n\n51 and 50 act on the phase currents, 51N and 50N on the residual current. Curves and their\nconstants are listed in gridsolve.protection.curves (IEC-SI ... US-U5, DT).","properties":{"function":{"default":"51","enum":["51","51N","50","50N"],"title":"Function","type":"string"},"curve":{"default":"IEC-SI","description":"51/51N curve name (IEC-SI, IEEE-VI, US-U2, DT, ...); 50/50N ignore it","title":"Curve","type":"string"},"pickup_a":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Pickup, primary amperes","title":"Pickup A"},"tap_a":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Pickup as a secondary tap, A (primary = tap_a x CT ratio)","title":"Tap A"},"dial":{"default":1,"description":"Time dial TD / time multiplier TMS; for curve DT the delay, s","minimum":0,"title":"Dial","type":"number"},"delay_s":{"default":0,"description":"50/50N definite delay, s","minimum":0,"title":"Delay S","type":"number"},"adder_s":{"default":0,"description":"Definite time added to the curve, s","minimum":0,"title":"Adder S","type":"number"},"reset":{"default":"instantaneous","description":"Reset characteristic","enum":["instantaneous","timed"],"title":"Reset","type":"string"},"reset_model":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Relay model whose timed-reset constants apply (IEEE, GE, SEL; default per curve)","title":"Reset Model"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"dial_min":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Automatic coordination: lowest dial (None: fixed)","title":"Dial Min"},"dial_max":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Automatic coordination: highest dial","title":"Dial Max"},"dial_step":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Automatic coordination: dial step (None: continuous)","title":"Dial Step"},"pickup_options_a":{"anyOf":[{"items":{"exclusiveMinimum":0,"type":"number"},"type":"array"},{"type":"null"}],"default":null,"description":"Automatic coordination: allowed pickups, primary A (None: pickup fixed)","title":"Pickup Options A"}},"title":"OvercurrentElement","type":"object"};

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema24.properties, key0))){
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
if(data.function !== undefined){
let data0 = data.function;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/function",schemaPath:"#/properties/function/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!((((data0 === "51") || (data0 === "51N")) || (data0 === "50")) || (data0 === "50N"))){
const err2 = {instancePath:instancePath+"/function",schemaPath:"#/properties/function/enum",keyword:"enum",params:{allowedValues: schema24.properties.function.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.curve !== undefined){
if(typeof data.curve !== "string"){
const err3 = {instancePath:instancePath+"/curve",schemaPath:"#/properties/curve/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.pickup_a !== undefined){
let data2 = data.pickup_a;
const _errs7 = errors;
let valid1 = false;
const _errs8 = errors;
if(typeof data2 == "number"){
if(data2 <= 0 || isNaN(data2)){
const err4 = {instancePath:instancePath+"/pickup_a",schemaPath:"#/properties/pickup_a/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err5 = {instancePath:instancePath+"/pickup_a",schemaPath:"#/properties/pickup_a/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
var _valid0 = _errs8 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs10 = errors;
if(data2 !== null){
const err6 = {instancePath:instancePath+"/pickup_a",schemaPath:"#/properties/pickup_a/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var _valid0 = _errs10 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err7 = {instancePath:instancePath+"/pickup_a",schemaPath:"#/properties/pickup_a/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
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
if(data.tap_a !== undefined){
let data3 = data.tap_a;
const _errs13 = errors;
let valid2 = false;
const _errs14 = errors;
if(typeof data3 == "number"){
if(data3 <= 0 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/tap_a",schemaPath:"#/properties/tap_a/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/tap_a",schemaPath:"#/properties/tap_a/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var _valid1 = _errs14 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs16 = errors;
if(data3 !== null){
const err10 = {instancePath:instancePath+"/tap_a",schemaPath:"#/properties/tap_a/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var _valid1 = _errs16 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err11 = {instancePath:instancePath+"/tap_a",schemaPath:"#/properties/tap_a/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
else {
errors = _errs13;
if(vErrors !== null){
if(_errs13){
vErrors.length = _errs13;
}
else {
vErrors = null;
}
}
}
}
if(data.dial !== undefined){
let data4 = data.dial;
if(typeof data4 == "number"){
if(data4 < 0 || isNaN(data4)){
const err12 = {instancePath:instancePath+"/dial",schemaPath:"#/properties/dial/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err13 = {instancePath:instancePath+"/dial",schemaPath:"#/properties/dial/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.delay_s !== undefined){
let data5 = data.delay_s;
if(typeof data5 == "number"){
if(data5 < 0 || isNaN(data5)){
const err14 = {instancePath:instancePath+"/delay_s",schemaPath:"#/properties/delay_s/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err15 = {instancePath:instancePath+"/delay_s",schemaPath:"#/properties/delay_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.adder_s !== undefined){
let data6 = data.adder_s;
if(typeof data6 == "number"){
if(data6 < 0 || isNaN(data6)){
const err16 = {instancePath:instancePath+"/adder_s",schemaPath:"#/properties/adder_s/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/adder_s",schemaPath:"#/properties/adder_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.reset !== undefined){
let data7 = data.reset;
if(typeof data7 !== "string"){
const err18 = {instancePath:instancePath+"/reset",schemaPath:"#/properties/reset/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(!((data7 === "instantaneous") || (data7 === "timed"))){
const err19 = {instancePath:instancePath+"/reset",schemaPath:"#/properties/reset/enum",keyword:"enum",params:{allowedValues: schema24.properties.reset.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.reset_model !== undefined){
let data8 = data.reset_model;
const _errs27 = errors;
let valid3 = false;
const _errs28 = errors;
if(typeof data8 !== "string"){
const err20 = {instancePath:instancePath+"/reset_model",schemaPath:"#/properties/reset_model/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid2 = _errs28 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs30 = errors;
if(data8 !== null){
const err21 = {instancePath:instancePath+"/reset_model",schemaPath:"#/properties/reset_model/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var _valid2 = _errs30 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err22 = {instancePath:instancePath+"/reset_model",schemaPath:"#/properties/reset_model/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
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
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err23 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data.dial_min !== undefined){
let data10 = data.dial_min;
const _errs35 = errors;
let valid4 = false;
const _errs36 = errors;
if(typeof data10 == "number"){
if(data10 < 0 || isNaN(data10)){
const err24 = {instancePath:instancePath+"/dial_min",schemaPath:"#/properties/dial_min/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/dial_min",schemaPath:"#/properties/dial_min/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var _valid3 = _errs36 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs38 = errors;
if(data10 !== null){
const err26 = {instancePath:instancePath+"/dial_min",schemaPath:"#/properties/dial_min/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
var _valid3 = _errs38 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err27 = {instancePath:instancePath+"/dial_min",schemaPath:"#/properties/dial_min/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
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
if(data.dial_max !== undefined){
let data11 = data.dial_max;
const _errs41 = errors;
let valid5 = false;
const _errs42 = errors;
if(typeof data11 == "number"){
if(data11 < 0 || isNaN(data11)){
const err28 = {instancePath:instancePath+"/dial_max",schemaPath:"#/properties/dial_max/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/dial_max",schemaPath:"#/properties/dial_max/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
var _valid4 = _errs42 === errors;
valid5 = valid5 || _valid4;
if(!valid5){
const _errs44 = errors;
if(data11 !== null){
const err30 = {instancePath:instancePath+"/dial_max",schemaPath:"#/properties/dial_max/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
var _valid4 = _errs44 === errors;
valid5 = valid5 || _valid4;
}
if(!valid5){
const err31 = {instancePath:instancePath+"/dial_max",schemaPath:"#/properties/dial_max/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
else {
errors = _errs41;
if(vErrors !== null){
if(_errs41){
vErrors.length = _errs41;
}
else {
vErrors = null;
}
}
}
}
if(data.dial_step !== undefined){
let data12 = data.dial_step;
const _errs47 = errors;
let valid6 = false;
const _errs48 = errors;
if(typeof data12 == "number"){
if(data12 <= 0 || isNaN(data12)){
const err32 = {instancePath:instancePath+"/dial_step",schemaPath:"#/properties/dial_step/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/dial_step",schemaPath:"#/properties/dial_step/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var _valid5 = _errs48 === errors;
valid6 = valid6 || _valid5;
if(!valid6){
const _errs50 = errors;
if(data12 !== null){
const err34 = {instancePath:instancePath+"/dial_step",schemaPath:"#/properties/dial_step/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
var _valid5 = _errs50 === errors;
valid6 = valid6 || _valid5;
}
if(!valid6){
const err35 = {instancePath:instancePath+"/dial_step",schemaPath:"#/properties/dial_step/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
else {
errors = _errs47;
if(vErrors !== null){
if(_errs47){
vErrors.length = _errs47;
}
else {
vErrors = null;
}
}
}
}
if(data.pickup_options_a !== undefined){
let data13 = data.pickup_options_a;
const _errs53 = errors;
let valid7 = false;
const _errs54 = errors;
if(Array.isArray(data13)){
const len0 = data13.length;
for(let i0=0; i0<len0; i0++){
let data14 = data13[i0];
if(typeof data14 == "number"){
if(data14 <= 0 || isNaN(data14)){
const err36 = {instancePath:instancePath+"/pickup_options_a/" + i0,schemaPath:"#/properties/pickup_options_a/anyOf/0/items/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/pickup_options_a/" + i0,schemaPath:"#/properties/pickup_options_a/anyOf/0/items/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
else {
const err38 = {instancePath:instancePath+"/pickup_options_a",schemaPath:"#/properties/pickup_options_a/anyOf/0/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
var _valid6 = _errs54 === errors;
valid7 = valid7 || _valid6;
if(!valid7){
const _errs58 = errors;
if(data13 !== null){
const err39 = {instancePath:instancePath+"/pickup_options_a",schemaPath:"#/properties/pickup_options_a/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
var _valid6 = _errs58 === errors;
valid7 = valid7 || _valid6;
}
if(!valid7){
const err40 = {instancePath:instancePath+"/pickup_options_a",schemaPath:"#/properties/pickup_options_a/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
else {
errors = _errs53;
if(vErrors !== null){
if(_errs53){
vErrors.length = _errs53;
}
else {
vErrors = null;
}
}
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

export const Recloser = validate22;
const schema26 = {"additionalProperties":false,"description":"Recloser: fast and delayed curves (multiples of the minimum trip), shots to lockout.","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"branch":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Line, transformer, transformer3w or impedance branch id","title":"Branch"},"bus":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"The branch end (a bus of `branch`) where the CT sits","title":"Bus"},"switch":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Or the switch the device sits on (bus and element)","title":"Switch"},"pickup_a":{"description":"Phase minimum trip, primary A","exclusiveMinimum":0,"title":"Pickup A","type":"number"},"ground_pickup_a":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Ground minimum trip, primary A","title":"Ground Pickup A"},"fast_curve":{"default":"OpenDSS-A","description":"Fast curve name","title":"Fast Curve","type":"string"},"fast_dial":{"default":1,"minimum":0,"title":"Fast Dial","type":"number"},"delayed_curve":{"default":"OpenDSS-D","description":"Delayed curve name","title":"Delayed Curve","type":"string"},"delayed_dial":{"default":1,"minimum":0,"title":"Delayed Dial","type":"number"},"fast_shots":{"default":1,"minimum":0,"title":"Fast Shots","type":"integer"},"delayed_shots":{"default":2,"minimum":1,"title":"Delayed Shots","type":"integer"},"reclose_intervals_s":{"default":[0.5,2],"description":"Open intervals between shots, s","items":{"minimum":0,"type":"number"},"title":"Reclose Intervals S","type":"array"},"interrupting_time_s":{"default":0.05,"description":"Interrupting time added to the curves, s","minimum":0,"title":"Interrupting Time S","type":"number"}},"required":["id","pickup_a"],"title":"Recloser","type":"object"};

function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.pickup_a === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "pickup_a"},message:"must have required property '"+"pickup_a"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema26.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err6 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.branch !== undefined){
let data3 = data.branch;
const _errs9 = errors;
let valid1 = false;
const _errs10 = errors;
if(typeof data3 !== "string"){
const err7 = {instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
var _valid0 = _errs10 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs12 = errors;
if(data3 !== null){
const err8 = {instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var _valid0 = _errs12 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err9 = {instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
errors = _errs9;
if(vErrors !== null){
if(_errs9){
vErrors.length = _errs9;
}
else {
vErrors = null;
}
}
}
}
if(data.bus !== undefined){
let data4 = data.bus;
const _errs15 = errors;
let valid2 = false;
const _errs16 = errors;
if(typeof data4 !== "string"){
const err10 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var _valid1 = _errs16 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs18 = errors;
if(data4 !== null){
const err11 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
var _valid1 = _errs18 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err12 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
else {
errors = _errs15;
if(vErrors !== null){
if(_errs15){
vErrors.length = _errs15;
}
else {
vErrors = null;
}
}
}
}
if(data.switch !== undefined){
let data5 = data.switch;
const _errs21 = errors;
let valid3 = false;
const _errs22 = errors;
if(typeof data5 !== "string"){
const err13 = {instancePath:instancePath+"/switch",schemaPath:"#/properties/switch/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid2 = _errs22 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs24 = errors;
if(data5 !== null){
const err14 = {instancePath:instancePath+"/switch",schemaPath:"#/properties/switch/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var _valid2 = _errs24 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err15 = {instancePath:instancePath+"/switch",schemaPath:"#/properties/switch/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
errors = _errs21;
if(vErrors !== null){
if(_errs21){
vErrors.length = _errs21;
}
else {
vErrors = null;
}
}
}
}
if(data.pickup_a !== undefined){
let data6 = data.pickup_a;
if(typeof data6 == "number"){
if(data6 <= 0 || isNaN(data6)){
const err16 = {instancePath:instancePath+"/pickup_a",schemaPath:"#/properties/pickup_a/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/pickup_a",schemaPath:"#/properties/pickup_a/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.ground_pickup_a !== undefined){
let data7 = data.ground_pickup_a;
const _errs29 = errors;
let valid4 = false;
const _errs30 = errors;
if(typeof data7 == "number"){
if(data7 <= 0 || isNaN(data7)){
const err18 = {instancePath:instancePath+"/ground_pickup_a",schemaPath:"#/properties/ground_pickup_a/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/ground_pickup_a",schemaPath:"#/properties/ground_pickup_a/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
var _valid3 = _errs30 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs32 = errors;
if(data7 !== null){
const err20 = {instancePath:instancePath+"/ground_pickup_a",schemaPath:"#/properties/ground_pickup_a/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid3 = _errs32 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err21 = {instancePath:instancePath+"/ground_pickup_a",schemaPath:"#/properties/ground_pickup_a/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
else {
errors = _errs29;
if(vErrors !== null){
if(_errs29){
vErrors.length = _errs29;
}
else {
vErrors = null;
}
}
}
}
if(data.fast_curve !== undefined){
if(typeof data.fast_curve !== "string"){
const err22 = {instancePath:instancePath+"/fast_curve",schemaPath:"#/properties/fast_curve/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.fast_dial !== undefined){
let data9 = data.fast_dial;
if(typeof data9 == "number"){
if(data9 < 0 || isNaN(data9)){
const err23 = {instancePath:instancePath+"/fast_dial",schemaPath:"#/properties/fast_dial/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/fast_dial",schemaPath:"#/properties/fast_dial/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.delayed_curve !== undefined){
if(typeof data.delayed_curve !== "string"){
const err25 = {instancePath:instancePath+"/delayed_curve",schemaPath:"#/properties/delayed_curve/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.delayed_dial !== undefined){
let data11 = data.delayed_dial;
if(typeof data11 == "number"){
if(data11 < 0 || isNaN(data11)){
const err26 = {instancePath:instancePath+"/delayed_dial",schemaPath:"#/properties/delayed_dial/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/delayed_dial",schemaPath:"#/properties/delayed_dial/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.fast_shots !== undefined){
let data12 = data.fast_shots;
if(!((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12)))){
const err28 = {instancePath:instancePath+"/fast_shots",schemaPath:"#/properties/fast_shots/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(typeof data12 == "number"){
if(data12 < 0 || isNaN(data12)){
const err29 = {instancePath:instancePath+"/fast_shots",schemaPath:"#/properties/fast_shots/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
if(data.delayed_shots !== undefined){
let data13 = data.delayed_shots;
if(!((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13)))){
const err30 = {instancePath:instancePath+"/delayed_shots",schemaPath:"#/properties/delayed_shots/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(typeof data13 == "number"){
if(data13 < 1 || isNaN(data13)){
const err31 = {instancePath:instancePath+"/delayed_shots",schemaPath:"#/properties/delayed_shots/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
if(data.reclose_intervals_s !== undefined){
let data14 = data.reclose_intervals_s;
if(Array.isArray(data14)){
const len0 = data14.length;
for(let i0=0; i0<len0; i0++){
let data15 = data14[i0];
if(typeof data15 == "number"){
if(data15 < 0 || isNaN(data15)){
const err32 = {instancePath:instancePath+"/reclose_intervals_s/" + i0,schemaPath:"#/properties/reclose_intervals_s/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/reclose_intervals_s/" + i0,schemaPath:"#/properties/reclose_intervals_s/items/type",keyword:"type",params:{type: "number"},message:"must be number"};
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
else {
const err34 = {instancePath:instancePath+"/reclose_intervals_s",schemaPath:"#/properties/reclose_intervals_s/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data.interrupting_time_s !== undefined){
let data16 = data.interrupting_time_s;
if(typeof data16 == "number"){
if(data16 < 0 || isNaN(data16)){
const err35 = {instancePath:instancePath+"/interrupting_time_s",schemaPath:"#/properties/interrupting_time_s/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/interrupting_time_s",schemaPath:"#/properties/interrupting_time_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
validate22.errors = vErrors;
return errors === 0;
}

export const Relay = validate23;
const schema23 = {"additionalProperties":false,"description":"Overcurrent relay (51/51N/50/50N elements) tripping a breaker at its location.","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"branch":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Line, transformer, transformer3w or impedance branch id","title":"Branch"},"bus":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"The branch end (a bus of `branch`) where the CT sits","title":"Bus"},"switch":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Or the switch the device sits on (bus and element)","title":"Switch"},"ct_primary_a":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"CT primary rating, A (needed for tap_a)","title":"Ct Primary A"},"ct_secondary_a":{"default":1,"description":"CT secondary rating, A","exclusiveMinimum":0,"title":"Ct Secondary A","type":"number"},"breaker_time_s":{"default":0.05,"description":"Interrupting time of the tripped breaker, s (added to the relay's operate times to give clearing times)","minimum":0,"title":"Breaker Time S","type":"number"},"elements":{"items":{"$ref":"#/$defs/OvercurrentElement"},"minItems":1,"title":"Elements","type":"array"}},"required":["id","elements"],"title":"Relay","type":"object"};

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.elements === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "elements"},message:"must have required property '"+"elements"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema23.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err6 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.branch !== undefined){
let data3 = data.branch;
const _errs9 = errors;
let valid1 = false;
const _errs10 = errors;
if(typeof data3 !== "string"){
const err7 = {instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
var _valid0 = _errs10 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs12 = errors;
if(data3 !== null){
const err8 = {instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var _valid0 = _errs12 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err9 = {instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
errors = _errs9;
if(vErrors !== null){
if(_errs9){
vErrors.length = _errs9;
}
else {
vErrors = null;
}
}
}
}
if(data.bus !== undefined){
let data4 = data.bus;
const _errs15 = errors;
let valid2 = false;
const _errs16 = errors;
if(typeof data4 !== "string"){
const err10 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var _valid1 = _errs16 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs18 = errors;
if(data4 !== null){
const err11 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
var _valid1 = _errs18 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err12 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
else {
errors = _errs15;
if(vErrors !== null){
if(_errs15){
vErrors.length = _errs15;
}
else {
vErrors = null;
}
}
}
}
if(data.switch !== undefined){
let data5 = data.switch;
const _errs21 = errors;
let valid3 = false;
const _errs22 = errors;
if(typeof data5 !== "string"){
const err13 = {instancePath:instancePath+"/switch",schemaPath:"#/properties/switch/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid2 = _errs22 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs24 = errors;
if(data5 !== null){
const err14 = {instancePath:instancePath+"/switch",schemaPath:"#/properties/switch/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var _valid2 = _errs24 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err15 = {instancePath:instancePath+"/switch",schemaPath:"#/properties/switch/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
errors = _errs21;
if(vErrors !== null){
if(_errs21){
vErrors.length = _errs21;
}
else {
vErrors = null;
}
}
}
}
if(data.ct_primary_a !== undefined){
let data6 = data.ct_primary_a;
const _errs27 = errors;
let valid4 = false;
const _errs28 = errors;
if(typeof data6 == "number"){
if(data6 <= 0 || isNaN(data6)){
const err16 = {instancePath:instancePath+"/ct_primary_a",schemaPath:"#/properties/ct_primary_a/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/ct_primary_a",schemaPath:"#/properties/ct_primary_a/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var _valid3 = _errs28 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs30 = errors;
if(data6 !== null){
const err18 = {instancePath:instancePath+"/ct_primary_a",schemaPath:"#/properties/ct_primary_a/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var _valid3 = _errs30 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err19 = {instancePath:instancePath+"/ct_primary_a",schemaPath:"#/properties/ct_primary_a/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
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
if(data.ct_secondary_a !== undefined){
let data7 = data.ct_secondary_a;
if(typeof data7 == "number"){
if(data7 <= 0 || isNaN(data7)){
const err20 = {instancePath:instancePath+"/ct_secondary_a",schemaPath:"#/properties/ct_secondary_a/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err21 = {instancePath:instancePath+"/ct_secondary_a",schemaPath:"#/properties/ct_secondary_a/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.breaker_time_s !== undefined){
let data8 = data.breaker_time_s;
if(typeof data8 == "number"){
if(data8 < 0 || isNaN(data8)){
const err22 = {instancePath:instancePath+"/breaker_time_s",schemaPath:"#/properties/breaker_time_s/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
else {
const err23 = {instancePath:instancePath+"/breaker_time_s",schemaPath:"#/properties/breaker_time_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data.elements !== undefined){
let data9 = data.elements;
if(Array.isArray(data9)){
if(data9.length < 1){
const err24 = {instancePath:instancePath+"/elements",schemaPath:"#/properties/elements/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
let data10 = data9[i0];
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key1 in data10){
if(!(func2.call(schema24.properties, key1))){
const err25 = {instancePath:instancePath+"/elements/" + i0,schemaPath:"#/$defs/OvercurrentElement/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data10.function !== undefined){
let data11 = data10.function;
if(typeof data11 !== "string"){
const err26 = {instancePath:instancePath+"/elements/" + i0+"/function",schemaPath:"#/$defs/OvercurrentElement/properties/function/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(!((((data11 === "51") || (data11 === "51N")) || (data11 === "50")) || (data11 === "50N"))){
const err27 = {instancePath:instancePath+"/elements/" + i0+"/function",schemaPath:"#/$defs/OvercurrentElement/properties/function/enum",keyword:"enum",params:{allowedValues: schema24.properties.function.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data10.curve !== undefined){
if(typeof data10.curve !== "string"){
const err28 = {instancePath:instancePath+"/elements/" + i0+"/curve",schemaPath:"#/$defs/OvercurrentElement/properties/curve/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data10.pickup_a !== undefined){
let data13 = data10.pickup_a;
const _errs47 = errors;
let valid9 = false;
const _errs48 = errors;
if(typeof data13 == "number"){
if(data13 <= 0 || isNaN(data13)){
const err29 = {instancePath:instancePath+"/elements/" + i0+"/pickup_a",schemaPath:"#/$defs/OvercurrentElement/properties/pickup_a/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err30 = {instancePath:instancePath+"/elements/" + i0+"/pickup_a",schemaPath:"#/$defs/OvercurrentElement/properties/pickup_a/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
var _valid4 = _errs48 === errors;
valid9 = valid9 || _valid4;
if(!valid9){
const _errs50 = errors;
if(data13 !== null){
const err31 = {instancePath:instancePath+"/elements/" + i0+"/pickup_a",schemaPath:"#/$defs/OvercurrentElement/properties/pickup_a/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
var _valid4 = _errs50 === errors;
valid9 = valid9 || _valid4;
}
if(!valid9){
const err32 = {instancePath:instancePath+"/elements/" + i0+"/pickup_a",schemaPath:"#/$defs/OvercurrentElement/properties/pickup_a/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
else {
errors = _errs47;
if(vErrors !== null){
if(_errs47){
vErrors.length = _errs47;
}
else {
vErrors = null;
}
}
}
}
if(data10.tap_a !== undefined){
let data14 = data10.tap_a;
const _errs53 = errors;
let valid10 = false;
const _errs54 = errors;
if(typeof data14 == "number"){
if(data14 <= 0 || isNaN(data14)){
const err33 = {instancePath:instancePath+"/elements/" + i0+"/tap_a",schemaPath:"#/$defs/OvercurrentElement/properties/tap_a/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/elements/" + i0+"/tap_a",schemaPath:"#/$defs/OvercurrentElement/properties/tap_a/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
var _valid5 = _errs54 === errors;
valid10 = valid10 || _valid5;
if(!valid10){
const _errs56 = errors;
if(data14 !== null){
const err35 = {instancePath:instancePath+"/elements/" + i0+"/tap_a",schemaPath:"#/$defs/OvercurrentElement/properties/tap_a/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
var _valid5 = _errs56 === errors;
valid10 = valid10 || _valid5;
}
if(!valid10){
const err36 = {instancePath:instancePath+"/elements/" + i0+"/tap_a",schemaPath:"#/$defs/OvercurrentElement/properties/tap_a/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
else {
errors = _errs53;
if(vErrors !== null){
if(_errs53){
vErrors.length = _errs53;
}
else {
vErrors = null;
}
}
}
}
if(data10.dial !== undefined){
let data15 = data10.dial;
if(typeof data15 == "number"){
if(data15 < 0 || isNaN(data15)){
const err37 = {instancePath:instancePath+"/elements/" + i0+"/dial",schemaPath:"#/$defs/OvercurrentElement/properties/dial/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/elements/" + i0+"/dial",schemaPath:"#/$defs/OvercurrentElement/properties/dial/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data10.delay_s !== undefined){
let data16 = data10.delay_s;
if(typeof data16 == "number"){
if(data16 < 0 || isNaN(data16)){
const err39 = {instancePath:instancePath+"/elements/" + i0+"/delay_s",schemaPath:"#/$defs/OvercurrentElement/properties/delay_s/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/elements/" + i0+"/delay_s",schemaPath:"#/$defs/OvercurrentElement/properties/delay_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data10.adder_s !== undefined){
let data17 = data10.adder_s;
if(typeof data17 == "number"){
if(data17 < 0 || isNaN(data17)){
const err41 = {instancePath:instancePath+"/elements/" + i0+"/adder_s",schemaPath:"#/$defs/OvercurrentElement/properties/adder_s/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
else {
const err42 = {instancePath:instancePath+"/elements/" + i0+"/adder_s",schemaPath:"#/$defs/OvercurrentElement/properties/adder_s/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data10.reset !== undefined){
let data18 = data10.reset;
if(typeof data18 !== "string"){
const err43 = {instancePath:instancePath+"/elements/" + i0+"/reset",schemaPath:"#/$defs/OvercurrentElement/properties/reset/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if(!((data18 === "instantaneous") || (data18 === "timed"))){
const err44 = {instancePath:instancePath+"/elements/" + i0+"/reset",schemaPath:"#/$defs/OvercurrentElement/properties/reset/enum",keyword:"enum",params:{allowedValues: schema24.properties.reset.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data10.reset_model !== undefined){
let data19 = data10.reset_model;
const _errs67 = errors;
let valid11 = false;
const _errs68 = errors;
if(typeof data19 !== "string"){
const err45 = {instancePath:instancePath+"/elements/" + i0+"/reset_model",schemaPath:"#/$defs/OvercurrentElement/properties/reset_model/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var _valid6 = _errs68 === errors;
valid11 = valid11 || _valid6;
if(!valid11){
const _errs70 = errors;
if(data19 !== null){
const err46 = {instancePath:instancePath+"/elements/" + i0+"/reset_model",schemaPath:"#/$defs/OvercurrentElement/properties/reset_model/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
var _valid6 = _errs70 === errors;
valid11 = valid11 || _valid6;
}
if(!valid11){
const err47 = {instancePath:instancePath+"/elements/" + i0+"/reset_model",schemaPath:"#/$defs/OvercurrentElement/properties/reset_model/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
else {
errors = _errs67;
if(vErrors !== null){
if(_errs67){
vErrors.length = _errs67;
}
else {
vErrors = null;
}
}
}
}
if(data10.in_service !== undefined){
if(typeof data10.in_service !== "boolean"){
const err48 = {instancePath:instancePath+"/elements/" + i0+"/in_service",schemaPath:"#/$defs/OvercurrentElement/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data10.dial_min !== undefined){
let data21 = data10.dial_min;
const _errs75 = errors;
let valid12 = false;
const _errs76 = errors;
if(typeof data21 == "number"){
if(data21 < 0 || isNaN(data21)){
const err49 = {instancePath:instancePath+"/elements/" + i0+"/dial_min",schemaPath:"#/$defs/OvercurrentElement/properties/dial_min/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
else {
const err50 = {instancePath:instancePath+"/elements/" + i0+"/dial_min",schemaPath:"#/$defs/OvercurrentElement/properties/dial_min/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
var _valid7 = _errs76 === errors;
valid12 = valid12 || _valid7;
if(!valid12){
const _errs78 = errors;
if(data21 !== null){
const err51 = {instancePath:instancePath+"/elements/" + i0+"/dial_min",schemaPath:"#/$defs/OvercurrentElement/properties/dial_min/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
var _valid7 = _errs78 === errors;
valid12 = valid12 || _valid7;
}
if(!valid12){
const err52 = {instancePath:instancePath+"/elements/" + i0+"/dial_min",schemaPath:"#/$defs/OvercurrentElement/properties/dial_min/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
else {
errors = _errs75;
if(vErrors !== null){
if(_errs75){
vErrors.length = _errs75;
}
else {
vErrors = null;
}
}
}
}
if(data10.dial_max !== undefined){
let data22 = data10.dial_max;
const _errs81 = errors;
let valid13 = false;
const _errs82 = errors;
if(typeof data22 == "number"){
if(data22 < 0 || isNaN(data22)){
const err53 = {instancePath:instancePath+"/elements/" + i0+"/dial_max",schemaPath:"#/$defs/OvercurrentElement/properties/dial_max/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
else {
const err54 = {instancePath:instancePath+"/elements/" + i0+"/dial_max",schemaPath:"#/$defs/OvercurrentElement/properties/dial_max/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
var _valid8 = _errs82 === errors;
valid13 = valid13 || _valid8;
if(!valid13){
const _errs84 = errors;
if(data22 !== null){
const err55 = {instancePath:instancePath+"/elements/" + i0+"/dial_max",schemaPath:"#/$defs/OvercurrentElement/properties/dial_max/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
var _valid8 = _errs84 === errors;
valid13 = valid13 || _valid8;
}
if(!valid13){
const err56 = {instancePath:instancePath+"/elements/" + i0+"/dial_max",schemaPath:"#/$defs/OvercurrentElement/properties/dial_max/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
else {
errors = _errs81;
if(vErrors !== null){
if(_errs81){
vErrors.length = _errs81;
}
else {
vErrors = null;
}
}
}
}
if(data10.dial_step !== undefined){
let data23 = data10.dial_step;
const _errs87 = errors;
let valid14 = false;
const _errs88 = errors;
if(typeof data23 == "number"){
if(data23 <= 0 || isNaN(data23)){
const err57 = {instancePath:instancePath+"/elements/" + i0+"/dial_step",schemaPath:"#/$defs/OvercurrentElement/properties/dial_step/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
else {
const err58 = {instancePath:instancePath+"/elements/" + i0+"/dial_step",schemaPath:"#/$defs/OvercurrentElement/properties/dial_step/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
var _valid9 = _errs88 === errors;
valid14 = valid14 || _valid9;
if(!valid14){
const _errs90 = errors;
if(data23 !== null){
const err59 = {instancePath:instancePath+"/elements/" + i0+"/dial_step",schemaPath:"#/$defs/OvercurrentElement/properties/dial_step/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
var _valid9 = _errs90 === errors;
valid14 = valid14 || _valid9;
}
if(!valid14){
const err60 = {instancePath:instancePath+"/elements/" + i0+"/dial_step",schemaPath:"#/$defs/OvercurrentElement/properties/dial_step/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
else {
errors = _errs87;
if(vErrors !== null){
if(_errs87){
vErrors.length = _errs87;
}
else {
vErrors = null;
}
}
}
}
if(data10.pickup_options_a !== undefined){
let data24 = data10.pickup_options_a;
const _errs93 = errors;
let valid15 = false;
const _errs94 = errors;
if(Array.isArray(data24)){
const len1 = data24.length;
for(let i1=0; i1<len1; i1++){
let data25 = data24[i1];
if(typeof data25 == "number"){
if(data25 <= 0 || isNaN(data25)){
const err61 = {instancePath:instancePath+"/elements/" + i0+"/pickup_options_a/" + i1,schemaPath:"#/$defs/OvercurrentElement/properties/pickup_options_a/anyOf/0/items/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
else {
const err62 = {instancePath:instancePath+"/elements/" + i0+"/pickup_options_a/" + i1,schemaPath:"#/$defs/OvercurrentElement/properties/pickup_options_a/anyOf/0/items/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
}
else {
const err63 = {instancePath:instancePath+"/elements/" + i0+"/pickup_options_a",schemaPath:"#/$defs/OvercurrentElement/properties/pickup_options_a/anyOf/0/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
var _valid10 = _errs94 === errors;
valid15 = valid15 || _valid10;
if(!valid15){
const _errs98 = errors;
if(data24 !== null){
const err64 = {instancePath:instancePath+"/elements/" + i0+"/pickup_options_a",schemaPath:"#/$defs/OvercurrentElement/properties/pickup_options_a/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
var _valid10 = _errs98 === errors;
valid15 = valid15 || _valid10;
}
if(!valid15){
const err65 = {instancePath:instancePath+"/elements/" + i0+"/pickup_options_a",schemaPath:"#/$defs/OvercurrentElement/properties/pickup_options_a/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
else {
errors = _errs93;
if(vErrors !== null){
if(_errs93){
vErrors.length = _errs93;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err66 = {instancePath:instancePath+"/elements/" + i0,schemaPath:"#/$defs/OvercurrentElement/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
}
else {
const err67 = {instancePath:instancePath+"/elements",schemaPath:"#/properties/elements/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
}
else {
const err68 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
validate23.errors = vErrors;
return errors === 0;
}

export const Shunt = validate24;
const schema20 = {"additionalProperties":false,"description":"Shunt admittance given as consumed P and Q at `vn_kv` (default: the bus's nominal kV), per step.\n\nPositive q_mvar is a reactor (absorbs), negative a capacitor.","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"bus":{"title":"Bus","type":"string"},"p_mw":{"default":0,"title":"P Mw","type":"number"},"q_mvar":{"default":0,"title":"Q Mvar","type":"number"},"vn_kv":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vn Kv"},"step":{"default":1,"minimum":0,"title":"Step","type":"integer"},"max_step":{"default":1,"minimum":1,"title":"Max Step","type":"integer"}},"required":["id","bus"],"title":"Shunt","type":"object"};

function validate24(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "bus"},message:"must have required property '"+"bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema20.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err6 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.bus !== undefined){
if(typeof data.bus !== "string"){
const err7 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.p_mw !== undefined){
if(!(typeof data.p_mw == "number")){
const err8 = {instancePath:instancePath+"/p_mw",schemaPath:"#/properties/p_mw/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.q_mvar !== undefined){
if(!(typeof data.q_mvar == "number")){
const err9 = {instancePath:instancePath+"/q_mvar",schemaPath:"#/properties/q_mvar/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.vn_kv !== undefined){
let data6 = data.vn_kv;
const _errs15 = errors;
let valid1 = false;
const _errs16 = errors;
if(typeof data6 == "number"){
if(data6 <= 0 || isNaN(data6)){
const err10 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err11 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
var _valid0 = _errs16 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs18 = errors;
if(data6 !== null){
const err12 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
var _valid0 = _errs18 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err13 = {instancePath:instancePath+"/vn_kv",schemaPath:"#/properties/vn_kv/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
else {
errors = _errs15;
if(vErrors !== null){
if(_errs15){
vErrors.length = _errs15;
}
else {
vErrors = null;
}
}
}
}
if(data.step !== undefined){
let data7 = data.step;
if(!((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7)))){
const err14 = {instancePath:instancePath+"/step",schemaPath:"#/properties/step/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(typeof data7 == "number"){
if(data7 < 0 || isNaN(data7)){
const err15 = {instancePath:instancePath+"/step",schemaPath:"#/properties/step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
if(data.max_step !== undefined){
let data8 = data.max_step;
if(!((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8)))){
const err16 = {instancePath:instancePath+"/max_step",schemaPath:"#/properties/max_step/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(typeof data8 == "number"){
if(data8 < 1 || isNaN(data8)){
const err17 = {instancePath:instancePath+"/max_step",schemaPath:"#/properties/max_step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
}
else {
const err18 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
validate24.errors = vErrors;
return errors === 0;
}

export const Switch = validate25;
const schema21 = {"additionalProperties":false,"description":"Bus-bus coupler (`et='bus'`) or a switch between a bus and a branch end.","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"bus":{"title":"Bus","type":"string"},"element":{"title":"Element","type":"string"},"et":{"default":"bus","enum":["bus","line","transformer","transformer3w","impedance_branch"],"title":"Et","type":"string"},"closed":{"default":true,"title":"Closed","type":"boolean"},"kind":{"default":"CB","enum":["CB","LBS","DS","LS"],"title":"Kind","type":"string"},"rated_ka":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Breaking capacity Ib rated, kA","title":"Rated Ka"},"peak_ka":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"description":"Making capacity ip rated, kA","title":"Peak Ka"}},"required":["id","bus","element"],"title":"Switch","type":"object"};

function validate25(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "bus"},message:"must have required property '"+"bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.element === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "element"},message:"must have required property '"+"element"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema21.properties, key0))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
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
const err5 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err6 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err7 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.bus !== undefined){
if(typeof data.bus !== "string"){
const err8 = {instancePath:instancePath+"/bus",schemaPath:"#/properties/bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.element !== undefined){
if(typeof data.element !== "string"){
const err9 = {instancePath:instancePath+"/element",schemaPath:"#/properties/element/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.et !== undefined){
let data5 = data.et;
if(typeof data5 !== "string"){
const err10 = {instancePath:instancePath+"/et",schemaPath:"#/properties/et/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(!(((((data5 === "bus") || (data5 === "line")) || (data5 === "transformer")) || (data5 === "transformer3w")) || (data5 === "impedance_branch"))){
const err11 = {instancePath:instancePath+"/et",schemaPath:"#/properties/et/enum",keyword:"enum",params:{allowedValues: schema21.properties.et.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.closed !== undefined){
if(typeof data.closed !== "boolean"){
const err12 = {instancePath:instancePath+"/closed",schemaPath:"#/properties/closed/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.kind !== undefined){
let data7 = data.kind;
if(typeof data7 !== "string"){
const err13 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(!((((data7 === "CB") || (data7 === "LBS")) || (data7 === "DS")) || (data7 === "LS"))){
const err14 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/enum",keyword:"enum",params:{allowedValues: schema21.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.rated_ka !== undefined){
let data8 = data.rated_ka;
const _errs19 = errors;
let valid1 = false;
const _errs20 = errors;
if(typeof data8 == "number"){
if(data8 <= 0 || isNaN(data8)){
const err15 = {instancePath:instancePath+"/rated_ka",schemaPath:"#/properties/rated_ka/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err16 = {instancePath:instancePath+"/rated_ka",schemaPath:"#/properties/rated_ka/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var _valid0 = _errs20 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs22 = errors;
if(data8 !== null){
const err17 = {instancePath:instancePath+"/rated_ka",schemaPath:"#/properties/rated_ka/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var _valid0 = _errs22 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err18 = {instancePath:instancePath+"/rated_ka",schemaPath:"#/properties/rated_ka/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
else {
errors = _errs19;
if(vErrors !== null){
if(_errs19){
vErrors.length = _errs19;
}
else {
vErrors = null;
}
}
}
}
if(data.peak_ka !== undefined){
let data9 = data.peak_ka;
const _errs25 = errors;
let valid2 = false;
const _errs26 = errors;
if(typeof data9 == "number"){
if(data9 <= 0 || isNaN(data9)){
const err19 = {instancePath:instancePath+"/peak_ka",schemaPath:"#/properties/peak_ka/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err20 = {instancePath:instancePath+"/peak_ka",schemaPath:"#/properties/peak_ka/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid1 = _errs26 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs28 = errors;
if(data9 !== null){
const err21 = {instancePath:instancePath+"/peak_ka",schemaPath:"#/properties/peak_ka/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var _valid1 = _errs28 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err22 = {instancePath:instancePath+"/peak_ka",schemaPath:"#/properties/peak_ka/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
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
}
else {
const err23 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
validate25.errors = vErrors;
return errors === 0;
}

export const Transformer = validate26;
const schema14 = {"additionalProperties":false,"description":"Two-winding transformer, pandapower's equivalent circuit (uk, ur, iron losses, tap changer).","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"hv_bus":{"title":"Hv Bus","type":"string"},"lv_bus":{"title":"Lv Bus","type":"string"},"sn_mva":{"exclusiveMinimum":0,"title":"Sn Mva","type":"number"},"vn_hv_kv":{"exclusiveMinimum":0,"title":"Vn Hv Kv","type":"number"},"vn_lv_kv":{"exclusiveMinimum":0,"title":"Vn Lv Kv","type":"number"},"vk_percent":{"description":"Short-circuit voltage uk, % of rated","exclusiveMinimum":0,"title":"Vk Percent","type":"number"},"vkr_percent":{"default":0,"description":"Resistive part ur, % of rated","minimum":0,"title":"Vkr Percent","type":"number"},"pfe_kw":{"default":0,"minimum":0,"title":"Pfe Kw","type":"number"},"i0_percent":{"default":0,"description":"No-load current, % of rated (negative = capacitive)","title":"I0 Percent","type":"number"},"shift_degree":{"default":0,"title":"Shift Degree","type":"number"},"tap_side":{"anyOf":[{"enum":["hv","lv"],"type":"string"},{"type":"null"}],"default":null,"title":"Tap Side"},"tap_neutral":{"default":0,"title":"Tap Neutral","type":"integer"},"tap_min":{"default":0,"title":"Tap Min","type":"integer"},"tap_max":{"default":0,"title":"Tap Max","type":"integer"},"tap_step_percent":{"default":0,"minimum":0,"title":"Tap Step Percent","type":"number"},"tap_step_degree":{"default":0,"title":"Tap Step Degree","type":"number"},"tap_pos":{"default":0,"title":"Tap Pos","type":"integer"},"tap_changer_type":{"default":"ratio","enum":["ratio","symmetrical","ideal"],"title":"Tap Changer Type","type":"string"},"parallel":{"default":1,"minimum":1,"title":"Parallel","type":"integer"},"max_loading_percent":{"default":100,"exclusiveMinimum":0,"title":"Max Loading Percent","type":"number"},"vector_group":{"default":"Dyn","description":"IEC vector group, e.g. Dyn5, YNyn0, YNd11","title":"Vector Group","type":"string"},"vk0_percent":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vk0 Percent"},"vkr0_percent":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vkr0 Percent"},"mag0_percent":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Mag0 Percent"},"mag0_rx":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"title":"Mag0 Rx"},"si0_hv_partial":{"anyOf":[{"maximum":1,"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Si0 Hv Partial"},"xn_ohm":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"description":"Neutral earthing reactance, ohm (None = solid)","title":"Xn Ohm"},"rn_ohm":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"title":"Rn Ohm"},"oltc":{"default":false,"description":"On-load tap changer (IEC 60909: power station unit with K_S)","title":"Oltc","type":"boolean"},"power_station_unit":{"default":false,"description":"Unit transformer of a power station unit (IEC 60909-0 §6.7: K_S or K_SO for the generator and transformer as a whole); the generator is the one at its LV bus","title":"Power Station Unit","type":"boolean"},"pt_percent":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"description":"Power station unit without on-load tap changer: permanently used off-load tap p_T, % (IEC 60909-0 §6.7.2, factor 1 - p_T); None = 0","title":"Pt Percent"}},"required":["id","hv_bus","lv_bus","sn_mva","vn_hv_kv","vn_lv_kv","vk_percent"],"title":"Transformer","type":"object"};

function validate26(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.hv_bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "hv_bus"},message:"must have required property '"+"hv_bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.lv_bus === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "lv_bus"},message:"must have required property '"+"lv_bus"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.sn_mva === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "sn_mva"},message:"must have required property '"+"sn_mva"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.vn_hv_kv === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vn_hv_kv"},message:"must have required property '"+"vn_hv_kv"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.vn_lv_kv === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vn_lv_kv"},message:"must have required property '"+"vn_lv_kv"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.vk_percent === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vk_percent"},message:"must have required property '"+"vk_percent"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema14.properties, key0))){
const err7 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err8 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err10 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err11 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.hv_bus !== undefined){
if(typeof data.hv_bus !== "string"){
const err12 = {instancePath:instancePath+"/hv_bus",schemaPath:"#/properties/hv_bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.lv_bus !== undefined){
if(typeof data.lv_bus !== "string"){
const err13 = {instancePath:instancePath+"/lv_bus",schemaPath:"#/properties/lv_bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.sn_mva !== undefined){
let data5 = data.sn_mva;
if(typeof data5 == "number"){
if(data5 <= 0 || isNaN(data5)){
const err14 = {instancePath:instancePath+"/sn_mva",schemaPath:"#/properties/sn_mva/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err15 = {instancePath:instancePath+"/sn_mva",schemaPath:"#/properties/sn_mva/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.vn_hv_kv !== undefined){
let data6 = data.vn_hv_kv;
if(typeof data6 == "number"){
if(data6 <= 0 || isNaN(data6)){
const err16 = {instancePath:instancePath+"/vn_hv_kv",schemaPath:"#/properties/vn_hv_kv/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/vn_hv_kv",schemaPath:"#/properties/vn_hv_kv/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.vn_lv_kv !== undefined){
let data7 = data.vn_lv_kv;
if(typeof data7 == "number"){
if(data7 <= 0 || isNaN(data7)){
const err18 = {instancePath:instancePath+"/vn_lv_kv",schemaPath:"#/properties/vn_lv_kv/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/vn_lv_kv",schemaPath:"#/properties/vn_lv_kv/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.vk_percent !== undefined){
let data8 = data.vk_percent;
if(typeof data8 == "number"){
if(data8 <= 0 || isNaN(data8)){
const err20 = {instancePath:instancePath+"/vk_percent",schemaPath:"#/properties/vk_percent/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err21 = {instancePath:instancePath+"/vk_percent",schemaPath:"#/properties/vk_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.vkr_percent !== undefined){
let data9 = data.vkr_percent;
if(typeof data9 == "number"){
if(data9 < 0 || isNaN(data9)){
const err22 = {instancePath:instancePath+"/vkr_percent",schemaPath:"#/properties/vkr_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
else {
const err23 = {instancePath:instancePath+"/vkr_percent",schemaPath:"#/properties/vkr_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data.pfe_kw !== undefined){
let data10 = data.pfe_kw;
if(typeof data10 == "number"){
if(data10 < 0 || isNaN(data10)){
const err24 = {instancePath:instancePath+"/pfe_kw",schemaPath:"#/properties/pfe_kw/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/pfe_kw",schemaPath:"#/properties/pfe_kw/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.i0_percent !== undefined){
if(!(typeof data.i0_percent == "number")){
const err26 = {instancePath:instancePath+"/i0_percent",schemaPath:"#/properties/i0_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.shift_degree !== undefined){
if(!(typeof data.shift_degree == "number")){
const err27 = {instancePath:instancePath+"/shift_degree",schemaPath:"#/properties/shift_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.tap_side !== undefined){
let data13 = data.tap_side;
const _errs29 = errors;
let valid1 = false;
const _errs30 = errors;
if(typeof data13 !== "string"){
const err28 = {instancePath:instancePath+"/tap_side",schemaPath:"#/properties/tap_side/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(!((data13 === "hv") || (data13 === "lv"))){
const err29 = {instancePath:instancePath+"/tap_side",schemaPath:"#/properties/tap_side/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema14.properties.tap_side.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
var _valid0 = _errs30 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs32 = errors;
if(data13 !== null){
const err30 = {instancePath:instancePath+"/tap_side",schemaPath:"#/properties/tap_side/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
var _valid0 = _errs32 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err31 = {instancePath:instancePath+"/tap_side",schemaPath:"#/properties/tap_side/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
else {
errors = _errs29;
if(vErrors !== null){
if(_errs29){
vErrors.length = _errs29;
}
else {
vErrors = null;
}
}
}
}
if(data.tap_neutral !== undefined){
let data14 = data.tap_neutral;
if(!((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14)))){
const err32 = {instancePath:instancePath+"/tap_neutral",schemaPath:"#/properties/tap_neutral/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.tap_min !== undefined){
let data15 = data.tap_min;
if(!((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15)))){
const err33 = {instancePath:instancePath+"/tap_min",schemaPath:"#/properties/tap_min/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data.tap_max !== undefined){
let data16 = data.tap_max;
if(!((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16)))){
const err34 = {instancePath:instancePath+"/tap_max",schemaPath:"#/properties/tap_max/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data.tap_step_percent !== undefined){
let data17 = data.tap_step_percent;
if(typeof data17 == "number"){
if(data17 < 0 || isNaN(data17)){
const err35 = {instancePath:instancePath+"/tap_step_percent",schemaPath:"#/properties/tap_step_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/tap_step_percent",schemaPath:"#/properties/tap_step_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.tap_step_degree !== undefined){
if(!(typeof data.tap_step_degree == "number")){
const err37 = {instancePath:instancePath+"/tap_step_degree",schemaPath:"#/properties/tap_step_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.tap_pos !== undefined){
let data19 = data.tap_pos;
if(!((typeof data19 == "number") && (!(data19 % 1) && !isNaN(data19)))){
const err38 = {instancePath:instancePath+"/tap_pos",schemaPath:"#/properties/tap_pos/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data.tap_changer_type !== undefined){
let data20 = data.tap_changer_type;
if(typeof data20 !== "string"){
const err39 = {instancePath:instancePath+"/tap_changer_type",schemaPath:"#/properties/tap_changer_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if(!(((data20 === "ratio") || (data20 === "symmetrical")) || (data20 === "ideal"))){
const err40 = {instancePath:instancePath+"/tap_changer_type",schemaPath:"#/properties/tap_changer_type/enum",keyword:"enum",params:{allowedValues: schema14.properties.tap_changer_type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.parallel !== undefined){
let data21 = data.parallel;
if(!((typeof data21 == "number") && (!(data21 % 1) && !isNaN(data21)))){
const err41 = {instancePath:instancePath+"/parallel",schemaPath:"#/properties/parallel/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(typeof data21 == "number"){
if(data21 < 1 || isNaN(data21)){
const err42 = {instancePath:instancePath+"/parallel",schemaPath:"#/properties/parallel/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
if(data.max_loading_percent !== undefined){
let data22 = data.max_loading_percent;
if(typeof data22 == "number"){
if(data22 <= 0 || isNaN(data22)){
const err43 = {instancePath:instancePath+"/max_loading_percent",schemaPath:"#/properties/max_loading_percent/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
else {
const err44 = {instancePath:instancePath+"/max_loading_percent",schemaPath:"#/properties/max_loading_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data.vector_group !== undefined){
if(typeof data.vector_group !== "string"){
const err45 = {instancePath:instancePath+"/vector_group",schemaPath:"#/properties/vector_group/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data.vk0_percent !== undefined){
let data24 = data.vk0_percent;
const _errs55 = errors;
let valid2 = false;
const _errs56 = errors;
if(typeof data24 == "number"){
if(data24 <= 0 || isNaN(data24)){
const err46 = {instancePath:instancePath+"/vk0_percent",schemaPath:"#/properties/vk0_percent/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/vk0_percent",schemaPath:"#/properties/vk0_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
var _valid1 = _errs56 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs58 = errors;
if(data24 !== null){
const err48 = {instancePath:instancePath+"/vk0_percent",schemaPath:"#/properties/vk0_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
var _valid1 = _errs58 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err49 = {instancePath:instancePath+"/vk0_percent",schemaPath:"#/properties/vk0_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
else {
errors = _errs55;
if(vErrors !== null){
if(_errs55){
vErrors.length = _errs55;
}
else {
vErrors = null;
}
}
}
}
if(data.vkr0_percent !== undefined){
let data25 = data.vkr0_percent;
const _errs61 = errors;
let valid3 = false;
const _errs62 = errors;
if(typeof data25 == "number"){
if(data25 < 0 || isNaN(data25)){
const err50 = {instancePath:instancePath+"/vkr0_percent",schemaPath:"#/properties/vkr0_percent/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
else {
const err51 = {instancePath:instancePath+"/vkr0_percent",schemaPath:"#/properties/vkr0_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
var _valid2 = _errs62 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs64 = errors;
if(data25 !== null){
const err52 = {instancePath:instancePath+"/vkr0_percent",schemaPath:"#/properties/vkr0_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
var _valid2 = _errs64 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err53 = {instancePath:instancePath+"/vkr0_percent",schemaPath:"#/properties/vkr0_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
else {
errors = _errs61;
if(vErrors !== null){
if(_errs61){
vErrors.length = _errs61;
}
else {
vErrors = null;
}
}
}
}
if(data.mag0_percent !== undefined){
let data26 = data.mag0_percent;
const _errs67 = errors;
let valid4 = false;
const _errs68 = errors;
if(typeof data26 == "number"){
if(data26 < 0 || isNaN(data26)){
const err54 = {instancePath:instancePath+"/mag0_percent",schemaPath:"#/properties/mag0_percent/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/mag0_percent",schemaPath:"#/properties/mag0_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
var _valid3 = _errs68 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs70 = errors;
if(data26 !== null){
const err56 = {instancePath:instancePath+"/mag0_percent",schemaPath:"#/properties/mag0_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
var _valid3 = _errs70 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err57 = {instancePath:instancePath+"/mag0_percent",schemaPath:"#/properties/mag0_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
else {
errors = _errs67;
if(vErrors !== null){
if(_errs67){
vErrors.length = _errs67;
}
else {
vErrors = null;
}
}
}
}
if(data.mag0_rx !== undefined){
let data27 = data.mag0_rx;
const _errs73 = errors;
let valid5 = false;
const _errs74 = errors;
if(!(typeof data27 == "number")){
const err58 = {instancePath:instancePath+"/mag0_rx",schemaPath:"#/properties/mag0_rx/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
var _valid4 = _errs74 === errors;
valid5 = valid5 || _valid4;
if(!valid5){
const _errs76 = errors;
if(data27 !== null){
const err59 = {instancePath:instancePath+"/mag0_rx",schemaPath:"#/properties/mag0_rx/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
var _valid4 = _errs76 === errors;
valid5 = valid5 || _valid4;
}
if(!valid5){
const err60 = {instancePath:instancePath+"/mag0_rx",schemaPath:"#/properties/mag0_rx/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
else {
errors = _errs73;
if(vErrors !== null){
if(_errs73){
vErrors.length = _errs73;
}
else {
vErrors = null;
}
}
}
}
if(data.si0_hv_partial !== undefined){
let data28 = data.si0_hv_partial;
const _errs79 = errors;
let valid6 = false;
const _errs80 = errors;
if(typeof data28 == "number"){
if(data28 > 1 || isNaN(data28)){
const err61 = {instancePath:instancePath+"/si0_hv_partial",schemaPath:"#/properties/si0_hv_partial/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(data28 < 0 || isNaN(data28)){
const err62 = {instancePath:instancePath+"/si0_hv_partial",schemaPath:"#/properties/si0_hv_partial/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
else {
const err63 = {instancePath:instancePath+"/si0_hv_partial",schemaPath:"#/properties/si0_hv_partial/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
var _valid5 = _errs80 === errors;
valid6 = valid6 || _valid5;
if(!valid6){
const _errs82 = errors;
if(data28 !== null){
const err64 = {instancePath:instancePath+"/si0_hv_partial",schemaPath:"#/properties/si0_hv_partial/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
var _valid5 = _errs82 === errors;
valid6 = valid6 || _valid5;
}
if(!valid6){
const err65 = {instancePath:instancePath+"/si0_hv_partial",schemaPath:"#/properties/si0_hv_partial/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
else {
errors = _errs79;
if(vErrors !== null){
if(_errs79){
vErrors.length = _errs79;
}
else {
vErrors = null;
}
}
}
}
if(data.xn_ohm !== undefined){
let data29 = data.xn_ohm;
const _errs85 = errors;
let valid7 = false;
const _errs86 = errors;
if(!(typeof data29 == "number")){
const err66 = {instancePath:instancePath+"/xn_ohm",schemaPath:"#/properties/xn_ohm/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
var _valid6 = _errs86 === errors;
valid7 = valid7 || _valid6;
if(!valid7){
const _errs88 = errors;
if(data29 !== null){
const err67 = {instancePath:instancePath+"/xn_ohm",schemaPath:"#/properties/xn_ohm/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
var _valid6 = _errs88 === errors;
valid7 = valid7 || _valid6;
}
if(!valid7){
const err68 = {instancePath:instancePath+"/xn_ohm",schemaPath:"#/properties/xn_ohm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
else {
errors = _errs85;
if(vErrors !== null){
if(_errs85){
vErrors.length = _errs85;
}
else {
vErrors = null;
}
}
}
}
if(data.rn_ohm !== undefined){
let data30 = data.rn_ohm;
const _errs91 = errors;
let valid8 = false;
const _errs92 = errors;
if(!(typeof data30 == "number")){
const err69 = {instancePath:instancePath+"/rn_ohm",schemaPath:"#/properties/rn_ohm/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
var _valid7 = _errs92 === errors;
valid8 = valid8 || _valid7;
if(!valid8){
const _errs94 = errors;
if(data30 !== null){
const err70 = {instancePath:instancePath+"/rn_ohm",schemaPath:"#/properties/rn_ohm/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
var _valid7 = _errs94 === errors;
valid8 = valid8 || _valid7;
}
if(!valid8){
const err71 = {instancePath:instancePath+"/rn_ohm",schemaPath:"#/properties/rn_ohm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
else {
errors = _errs91;
if(vErrors !== null){
if(_errs91){
vErrors.length = _errs91;
}
else {
vErrors = null;
}
}
}
}
if(data.oltc !== undefined){
if(typeof data.oltc !== "boolean"){
const err72 = {instancePath:instancePath+"/oltc",schemaPath:"#/properties/oltc/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data.power_station_unit !== undefined){
if(typeof data.power_station_unit !== "boolean"){
const err73 = {instancePath:instancePath+"/power_station_unit",schemaPath:"#/properties/power_station_unit/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
if(data.pt_percent !== undefined){
let data33 = data.pt_percent;
const _errs101 = errors;
let valid9 = false;
const _errs102 = errors;
if(!(typeof data33 == "number")){
const err74 = {instancePath:instancePath+"/pt_percent",schemaPath:"#/properties/pt_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
var _valid8 = _errs102 === errors;
valid9 = valid9 || _valid8;
if(!valid9){
const _errs104 = errors;
if(data33 !== null){
const err75 = {instancePath:instancePath+"/pt_percent",schemaPath:"#/properties/pt_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
var _valid8 = _errs104 === errors;
valid9 = valid9 || _valid8;
}
if(!valid9){
const err76 = {instancePath:instancePath+"/pt_percent",schemaPath:"#/properties/pt_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
else {
errors = _errs101;
if(vErrors !== null){
if(_errs101){
vErrors.length = _errs101;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err77 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
validate26.errors = vErrors;
return errors === 0;
}

export const Transformer3W = validate27;
const schema15 = {"additionalProperties":false,"description":"Three-winding transformer, modelled as three two-winding branches to a star point.","properties":{"id":{"description":"Stable identifier, unique across the network","minLength":1,"title":"Id","type":"string"},"name":{"default":"","title":"Name","type":"string"},"in_service":{"default":true,"title":"In Service","type":"boolean"},"hv_bus":{"title":"Hv Bus","type":"string"},"mv_bus":{"title":"Mv Bus","type":"string"},"lv_bus":{"title":"Lv Bus","type":"string"},"sn_hv_mva":{"exclusiveMinimum":0,"title":"Sn Hv Mva","type":"number"},"sn_mv_mva":{"exclusiveMinimum":0,"title":"Sn Mv Mva","type":"number"},"sn_lv_mva":{"exclusiveMinimum":0,"title":"Sn Lv Mva","type":"number"},"vn_hv_kv":{"exclusiveMinimum":0,"title":"Vn Hv Kv","type":"number"},"vn_mv_kv":{"exclusiveMinimum":0,"title":"Vn Mv Kv","type":"number"},"vn_lv_kv":{"exclusiveMinimum":0,"title":"Vn Lv Kv","type":"number"},"vk_hv_percent":{"description":"uk between HV and MV, % on min(sn_hv, sn_mv)","exclusiveMinimum":0,"title":"Vk Hv Percent","type":"number"},"vk_mv_percent":{"description":"uk between MV and LV, % on min(sn_mv, sn_lv)","exclusiveMinimum":0,"title":"Vk Mv Percent","type":"number"},"vk_lv_percent":{"description":"uk between HV and LV, % on min(sn_hv, sn_lv)","exclusiveMinimum":0,"title":"Vk Lv Percent","type":"number"},"vkr_hv_percent":{"default":0,"minimum":0,"title":"Vkr Hv Percent","type":"number"},"vkr_mv_percent":{"default":0,"minimum":0,"title":"Vkr Mv Percent","type":"number"},"vkr_lv_percent":{"default":0,"minimum":0,"title":"Vkr Lv Percent","type":"number"},"pfe_kw":{"default":0,"minimum":0,"title":"Pfe Kw","type":"number"},"i0_percent":{"default":0,"description":"No-load current, % of rated (negative = capacitive)","title":"I0 Percent","type":"number"},"shift_mv_degree":{"default":0,"title":"Shift Mv Degree","type":"number"},"shift_lv_degree":{"default":0,"title":"Shift Lv Degree","type":"number"},"tap_side":{"anyOf":[{"enum":["hv","mv","lv"],"type":"string"},{"type":"null"}],"default":null,"title":"Tap Side"},"tap_neutral":{"default":0,"title":"Tap Neutral","type":"integer"},"tap_min":{"default":0,"title":"Tap Min","type":"integer"},"tap_max":{"default":0,"title":"Tap Max","type":"integer"},"tap_step_percent":{"default":0,"minimum":0,"title":"Tap Step Percent","type":"number"},"tap_step_degree":{"default":0,"title":"Tap Step Degree","type":"number"},"tap_pos":{"default":0,"title":"Tap Pos","type":"integer"},"tap_at_star_point":{"default":false,"title":"Tap At Star Point","type":"boolean"},"max_loading_percent":{"default":100,"exclusiveMinimum":0,"title":"Max Loading Percent","type":"number"},"vector_group":{"default":"YNyn0yn0","title":"Vector Group","type":"string"},"vk0_hv_percent":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vk0 Hv Percent"},"vk0_mv_percent":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vk0 Mv Percent"},"vk0_lv_percent":{"anyOf":[{"exclusiveMinimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vk0 Lv Percent"},"vkr0_hv_percent":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vkr0 Hv Percent"},"vkr0_mv_percent":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vkr0 Mv Percent"},"vkr0_lv_percent":{"anyOf":[{"minimum":0,"type":"number"},{"type":"null"}],"default":null,"title":"Vkr0 Lv Percent"},"xn_hv_ohm":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"description":"Neutral earthing reactance of the HV star point, ohm (None = solid; zero sequence only)","title":"Xn Hv Ohm"},"xn_mv_ohm":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"description":"Neutral earthing reactance of the MV star point, ohm","title":"Xn Mv Ohm"},"xn_lv_ohm":{"anyOf":[{"type":"number"},{"type":"null"}],"default":null,"description":"Neutral earthing reactance of the LV star point, ohm","title":"Xn Lv Ohm"}},"required":["id","hv_bus","mv_bus","lv_bus","sn_hv_mva","sn_mv_mva","sn_lv_mva","vn_hv_kv","vn_mv_kv","vn_lv_kv","vk_hv_percent","vk_mv_percent","vk_lv_percent"],"title":"Transformer3W","type":"object"};

function validate27(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.hv_bus === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "hv_bus"},message:"must have required property '"+"hv_bus"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.mv_bus === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "mv_bus"},message:"must have required property '"+"mv_bus"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.lv_bus === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "lv_bus"},message:"must have required property '"+"lv_bus"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.sn_hv_mva === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "sn_hv_mva"},message:"must have required property '"+"sn_hv_mva"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.sn_mv_mva === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "sn_mv_mva"},message:"must have required property '"+"sn_mv_mva"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.sn_lv_mva === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "sn_lv_mva"},message:"must have required property '"+"sn_lv_mva"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data.vn_hv_kv === undefined){
const err7 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vn_hv_kv"},message:"must have required property '"+"vn_hv_kv"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data.vn_mv_kv === undefined){
const err8 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vn_mv_kv"},message:"must have required property '"+"vn_mv_kv"+"'"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data.vn_lv_kv === undefined){
const err9 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vn_lv_kv"},message:"must have required property '"+"vn_lv_kv"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data.vk_hv_percent === undefined){
const err10 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vk_hv_percent"},message:"must have required property '"+"vk_hv_percent"+"'"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data.vk_mv_percent === undefined){
const err11 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vk_mv_percent"},message:"must have required property '"+"vk_mv_percent"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data.vk_lv_percent === undefined){
const err12 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vk_lv_percent"},message:"must have required property '"+"vk_lv_percent"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema15.properties, key0))){
const err13 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func4(data0) < 1){
const err14 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
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
const err15 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err16 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.in_service !== undefined){
if(typeof data.in_service !== "boolean"){
const err17 = {instancePath:instancePath+"/in_service",schemaPath:"#/properties/in_service/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.hv_bus !== undefined){
if(typeof data.hv_bus !== "string"){
const err18 = {instancePath:instancePath+"/hv_bus",schemaPath:"#/properties/hv_bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data.mv_bus !== undefined){
if(typeof data.mv_bus !== "string"){
const err19 = {instancePath:instancePath+"/mv_bus",schemaPath:"#/properties/mv_bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.lv_bus !== undefined){
if(typeof data.lv_bus !== "string"){
const err20 = {instancePath:instancePath+"/lv_bus",schemaPath:"#/properties/lv_bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.sn_hv_mva !== undefined){
let data6 = data.sn_hv_mva;
if(typeof data6 == "number"){
if(data6 <= 0 || isNaN(data6)){
const err21 = {instancePath:instancePath+"/sn_hv_mva",schemaPath:"#/properties/sn_hv_mva/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err22 = {instancePath:instancePath+"/sn_hv_mva",schemaPath:"#/properties/sn_hv_mva/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.sn_mv_mva !== undefined){
let data7 = data.sn_mv_mva;
if(typeof data7 == "number"){
if(data7 <= 0 || isNaN(data7)){
const err23 = {instancePath:instancePath+"/sn_mv_mva",schemaPath:"#/properties/sn_mv_mva/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/sn_mv_mva",schemaPath:"#/properties/sn_mv_mva/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.sn_lv_mva !== undefined){
let data8 = data.sn_lv_mva;
if(typeof data8 == "number"){
if(data8 <= 0 || isNaN(data8)){
const err25 = {instancePath:instancePath+"/sn_lv_mva",schemaPath:"#/properties/sn_lv_mva/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err26 = {instancePath:instancePath+"/sn_lv_mva",schemaPath:"#/properties/sn_lv_mva/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.vn_hv_kv !== undefined){
let data9 = data.vn_hv_kv;
if(typeof data9 == "number"){
if(data9 <= 0 || isNaN(data9)){
const err27 = {instancePath:instancePath+"/vn_hv_kv",schemaPath:"#/properties/vn_hv_kv/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/vn_hv_kv",schemaPath:"#/properties/vn_hv_kv/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.vn_mv_kv !== undefined){
let data10 = data.vn_mv_kv;
if(typeof data10 == "number"){
if(data10 <= 0 || isNaN(data10)){
const err29 = {instancePath:instancePath+"/vn_mv_kv",schemaPath:"#/properties/vn_mv_kv/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err30 = {instancePath:instancePath+"/vn_mv_kv",schemaPath:"#/properties/vn_mv_kv/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.vn_lv_kv !== undefined){
let data11 = data.vn_lv_kv;
if(typeof data11 == "number"){
if(data11 <= 0 || isNaN(data11)){
const err31 = {instancePath:instancePath+"/vn_lv_kv",schemaPath:"#/properties/vn_lv_kv/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/vn_lv_kv",schemaPath:"#/properties/vn_lv_kv/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.vk_hv_percent !== undefined){
let data12 = data.vk_hv_percent;
if(typeof data12 == "number"){
if(data12 <= 0 || isNaN(data12)){
const err33 = {instancePath:instancePath+"/vk_hv_percent",schemaPath:"#/properties/vk_hv_percent/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/vk_hv_percent",schemaPath:"#/properties/vk_hv_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data.vk_mv_percent !== undefined){
let data13 = data.vk_mv_percent;
if(typeof data13 == "number"){
if(data13 <= 0 || isNaN(data13)){
const err35 = {instancePath:instancePath+"/vk_mv_percent",schemaPath:"#/properties/vk_mv_percent/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/vk_mv_percent",schemaPath:"#/properties/vk_mv_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.vk_lv_percent !== undefined){
let data14 = data.vk_lv_percent;
if(typeof data14 == "number"){
if(data14 <= 0 || isNaN(data14)){
const err37 = {instancePath:instancePath+"/vk_lv_percent",schemaPath:"#/properties/vk_lv_percent/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/vk_lv_percent",schemaPath:"#/properties/vk_lv_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data.vkr_hv_percent !== undefined){
let data15 = data.vkr_hv_percent;
if(typeof data15 == "number"){
if(data15 < 0 || isNaN(data15)){
const err39 = {instancePath:instancePath+"/vkr_hv_percent",schemaPath:"#/properties/vkr_hv_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/vkr_hv_percent",schemaPath:"#/properties/vkr_hv_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.vkr_mv_percent !== undefined){
let data16 = data.vkr_mv_percent;
if(typeof data16 == "number"){
if(data16 < 0 || isNaN(data16)){
const err41 = {instancePath:instancePath+"/vkr_mv_percent",schemaPath:"#/properties/vkr_mv_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
else {
const err42 = {instancePath:instancePath+"/vkr_mv_percent",schemaPath:"#/properties/vkr_mv_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data.vkr_lv_percent !== undefined){
let data17 = data.vkr_lv_percent;
if(typeof data17 == "number"){
if(data17 < 0 || isNaN(data17)){
const err43 = {instancePath:instancePath+"/vkr_lv_percent",schemaPath:"#/properties/vkr_lv_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
else {
const err44 = {instancePath:instancePath+"/vkr_lv_percent",schemaPath:"#/properties/vkr_lv_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data.pfe_kw !== undefined){
let data18 = data.pfe_kw;
if(typeof data18 == "number"){
if(data18 < 0 || isNaN(data18)){
const err45 = {instancePath:instancePath+"/pfe_kw",schemaPath:"#/properties/pfe_kw/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
else {
const err46 = {instancePath:instancePath+"/pfe_kw",schemaPath:"#/properties/pfe_kw/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data.i0_percent !== undefined){
if(!(typeof data.i0_percent == "number")){
const err47 = {instancePath:instancePath+"/i0_percent",schemaPath:"#/properties/i0_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data.shift_mv_degree !== undefined){
if(!(typeof data.shift_mv_degree == "number")){
const err48 = {instancePath:instancePath+"/shift_mv_degree",schemaPath:"#/properties/shift_mv_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data.shift_lv_degree !== undefined){
if(!(typeof data.shift_lv_degree == "number")){
const err49 = {instancePath:instancePath+"/shift_lv_degree",schemaPath:"#/properties/shift_lv_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data.tap_side !== undefined){
let data22 = data.tap_side;
const _errs47 = errors;
let valid1 = false;
const _errs48 = errors;
if(typeof data22 !== "string"){
const err50 = {instancePath:instancePath+"/tap_side",schemaPath:"#/properties/tap_side/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
if(!(((data22 === "hv") || (data22 === "mv")) || (data22 === "lv"))){
const err51 = {instancePath:instancePath+"/tap_side",schemaPath:"#/properties/tap_side/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema15.properties.tap_side.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
var _valid0 = _errs48 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs50 = errors;
if(data22 !== null){
const err52 = {instancePath:instancePath+"/tap_side",schemaPath:"#/properties/tap_side/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
var _valid0 = _errs50 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err53 = {instancePath:instancePath+"/tap_side",schemaPath:"#/properties/tap_side/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
else {
errors = _errs47;
if(vErrors !== null){
if(_errs47){
vErrors.length = _errs47;
}
else {
vErrors = null;
}
}
}
}
if(data.tap_neutral !== undefined){
let data23 = data.tap_neutral;
if(!((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23)))){
const err54 = {instancePath:instancePath+"/tap_neutral",schemaPath:"#/properties/tap_neutral/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data.tap_min !== undefined){
let data24 = data.tap_min;
if(!((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24)))){
const err55 = {instancePath:instancePath+"/tap_min",schemaPath:"#/properties/tap_min/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data.tap_max !== undefined){
let data25 = data.tap_max;
if(!((typeof data25 == "number") && (!(data25 % 1) && !isNaN(data25)))){
const err56 = {instancePath:instancePath+"/tap_max",schemaPath:"#/properties/tap_max/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data.tap_step_percent !== undefined){
let data26 = data.tap_step_percent;
if(typeof data26 == "number"){
if(data26 < 0 || isNaN(data26)){
const err57 = {instancePath:instancePath+"/tap_step_percent",schemaPath:"#/properties/tap_step_percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
else {
const err58 = {instancePath:instancePath+"/tap_step_percent",schemaPath:"#/properties/tap_step_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data.tap_step_degree !== undefined){
if(!(typeof data.tap_step_degree == "number")){
const err59 = {instancePath:instancePath+"/tap_step_degree",schemaPath:"#/properties/tap_step_degree/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data.tap_pos !== undefined){
let data28 = data.tap_pos;
if(!((typeof data28 == "number") && (!(data28 % 1) && !isNaN(data28)))){
const err60 = {instancePath:instancePath+"/tap_pos",schemaPath:"#/properties/tap_pos/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data.tap_at_star_point !== undefined){
if(typeof data.tap_at_star_point !== "boolean"){
const err61 = {instancePath:instancePath+"/tap_at_star_point",schemaPath:"#/properties/tap_at_star_point/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
if(data.max_loading_percent !== undefined){
let data30 = data.max_loading_percent;
if(typeof data30 == "number"){
if(data30 <= 0 || isNaN(data30)){
const err62 = {instancePath:instancePath+"/max_loading_percent",schemaPath:"#/properties/max_loading_percent/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
else {
const err63 = {instancePath:instancePath+"/max_loading_percent",schemaPath:"#/properties/max_loading_percent/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data.vector_group !== undefined){
if(typeof data.vector_group !== "string"){
const err64 = {instancePath:instancePath+"/vector_group",schemaPath:"#/properties/vector_group/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data.vk0_hv_percent !== undefined){
let data32 = data.vk0_hv_percent;
const _errs71 = errors;
let valid2 = false;
const _errs72 = errors;
if(typeof data32 == "number"){
if(data32 <= 0 || isNaN(data32)){
const err65 = {instancePath:instancePath+"/vk0_hv_percent",schemaPath:"#/properties/vk0_hv_percent/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
else {
const err66 = {instancePath:instancePath+"/vk0_hv_percent",schemaPath:"#/properties/vk0_hv_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
var _valid1 = _errs72 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs74 = errors;
if(data32 !== null){
const err67 = {instancePath:instancePath+"/vk0_hv_percent",schemaPath:"#/properties/vk0_hv_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
var _valid1 = _errs74 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err68 = {instancePath:instancePath+"/vk0_hv_percent",schemaPath:"#/properties/vk0_hv_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
else {
errors = _errs71;
if(vErrors !== null){
if(_errs71){
vErrors.length = _errs71;
}
else {
vErrors = null;
}
}
}
}
if(data.vk0_mv_percent !== undefined){
let data33 = data.vk0_mv_percent;
const _errs77 = errors;
let valid3 = false;
const _errs78 = errors;
if(typeof data33 == "number"){
if(data33 <= 0 || isNaN(data33)){
const err69 = {instancePath:instancePath+"/vk0_mv_percent",schemaPath:"#/properties/vk0_mv_percent/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
else {
const err70 = {instancePath:instancePath+"/vk0_mv_percent",schemaPath:"#/properties/vk0_mv_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
var _valid2 = _errs78 === errors;
valid3 = valid3 || _valid2;
if(!valid3){
const _errs80 = errors;
if(data33 !== null){
const err71 = {instancePath:instancePath+"/vk0_mv_percent",schemaPath:"#/properties/vk0_mv_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
var _valid2 = _errs80 === errors;
valid3 = valid3 || _valid2;
}
if(!valid3){
const err72 = {instancePath:instancePath+"/vk0_mv_percent",schemaPath:"#/properties/vk0_mv_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
else {
errors = _errs77;
if(vErrors !== null){
if(_errs77){
vErrors.length = _errs77;
}
else {
vErrors = null;
}
}
}
}
if(data.vk0_lv_percent !== undefined){
let data34 = data.vk0_lv_percent;
const _errs83 = errors;
let valid4 = false;
const _errs84 = errors;
if(typeof data34 == "number"){
if(data34 <= 0 || isNaN(data34)){
const err73 = {instancePath:instancePath+"/vk0_lv_percent",schemaPath:"#/properties/vk0_lv_percent/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
else {
const err74 = {instancePath:instancePath+"/vk0_lv_percent",schemaPath:"#/properties/vk0_lv_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
var _valid3 = _errs84 === errors;
valid4 = valid4 || _valid3;
if(!valid4){
const _errs86 = errors;
if(data34 !== null){
const err75 = {instancePath:instancePath+"/vk0_lv_percent",schemaPath:"#/properties/vk0_lv_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
var _valid3 = _errs86 === errors;
valid4 = valid4 || _valid3;
}
if(!valid4){
const err76 = {instancePath:instancePath+"/vk0_lv_percent",schemaPath:"#/properties/vk0_lv_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
else {
errors = _errs83;
if(vErrors !== null){
if(_errs83){
vErrors.length = _errs83;
}
else {
vErrors = null;
}
}
}
}
if(data.vkr0_hv_percent !== undefined){
let data35 = data.vkr0_hv_percent;
const _errs89 = errors;
let valid5 = false;
const _errs90 = errors;
if(typeof data35 == "number"){
if(data35 < 0 || isNaN(data35)){
const err77 = {instancePath:instancePath+"/vkr0_hv_percent",schemaPath:"#/properties/vkr0_hv_percent/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
else {
const err78 = {instancePath:instancePath+"/vkr0_hv_percent",schemaPath:"#/properties/vkr0_hv_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
var _valid4 = _errs90 === errors;
valid5 = valid5 || _valid4;
if(!valid5){
const _errs92 = errors;
if(data35 !== null){
const err79 = {instancePath:instancePath+"/vkr0_hv_percent",schemaPath:"#/properties/vkr0_hv_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
var _valid4 = _errs92 === errors;
valid5 = valid5 || _valid4;
}
if(!valid5){
const err80 = {instancePath:instancePath+"/vkr0_hv_percent",schemaPath:"#/properties/vkr0_hv_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
else {
errors = _errs89;
if(vErrors !== null){
if(_errs89){
vErrors.length = _errs89;
}
else {
vErrors = null;
}
}
}
}
if(data.vkr0_mv_percent !== undefined){
let data36 = data.vkr0_mv_percent;
const _errs95 = errors;
let valid6 = false;
const _errs96 = errors;
if(typeof data36 == "number"){
if(data36 < 0 || isNaN(data36)){
const err81 = {instancePath:instancePath+"/vkr0_mv_percent",schemaPath:"#/properties/vkr0_mv_percent/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
else {
const err82 = {instancePath:instancePath+"/vkr0_mv_percent",schemaPath:"#/properties/vkr0_mv_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
var _valid5 = _errs96 === errors;
valid6 = valid6 || _valid5;
if(!valid6){
const _errs98 = errors;
if(data36 !== null){
const err83 = {instancePath:instancePath+"/vkr0_mv_percent",schemaPath:"#/properties/vkr0_mv_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
var _valid5 = _errs98 === errors;
valid6 = valid6 || _valid5;
}
if(!valid6){
const err84 = {instancePath:instancePath+"/vkr0_mv_percent",schemaPath:"#/properties/vkr0_mv_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
else {
errors = _errs95;
if(vErrors !== null){
if(_errs95){
vErrors.length = _errs95;
}
else {
vErrors = null;
}
}
}
}
if(data.vkr0_lv_percent !== undefined){
let data37 = data.vkr0_lv_percent;
const _errs101 = errors;
let valid7 = false;
const _errs102 = errors;
if(typeof data37 == "number"){
if(data37 < 0 || isNaN(data37)){
const err85 = {instancePath:instancePath+"/vkr0_lv_percent",schemaPath:"#/properties/vkr0_lv_percent/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
else {
const err86 = {instancePath:instancePath+"/vkr0_lv_percent",schemaPath:"#/properties/vkr0_lv_percent/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
var _valid6 = _errs102 === errors;
valid7 = valid7 || _valid6;
if(!valid7){
const _errs104 = errors;
if(data37 !== null){
const err87 = {instancePath:instancePath+"/vkr0_lv_percent",schemaPath:"#/properties/vkr0_lv_percent/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
var _valid6 = _errs104 === errors;
valid7 = valid7 || _valid6;
}
if(!valid7){
const err88 = {instancePath:instancePath+"/vkr0_lv_percent",schemaPath:"#/properties/vkr0_lv_percent/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
else {
errors = _errs101;
if(vErrors !== null){
if(_errs101){
vErrors.length = _errs101;
}
else {
vErrors = null;
}
}
}
}
if(data.xn_hv_ohm !== undefined){
let data38 = data.xn_hv_ohm;
const _errs107 = errors;
let valid8 = false;
const _errs108 = errors;
if(!(typeof data38 == "number")){
const err89 = {instancePath:instancePath+"/xn_hv_ohm",schemaPath:"#/properties/xn_hv_ohm/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
var _valid7 = _errs108 === errors;
valid8 = valid8 || _valid7;
if(!valid8){
const _errs110 = errors;
if(data38 !== null){
const err90 = {instancePath:instancePath+"/xn_hv_ohm",schemaPath:"#/properties/xn_hv_ohm/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
var _valid7 = _errs110 === errors;
valid8 = valid8 || _valid7;
}
if(!valid8){
const err91 = {instancePath:instancePath+"/xn_hv_ohm",schemaPath:"#/properties/xn_hv_ohm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
else {
errors = _errs107;
if(vErrors !== null){
if(_errs107){
vErrors.length = _errs107;
}
else {
vErrors = null;
}
}
}
}
if(data.xn_mv_ohm !== undefined){
let data39 = data.xn_mv_ohm;
const _errs113 = errors;
let valid9 = false;
const _errs114 = errors;
if(!(typeof data39 == "number")){
const err92 = {instancePath:instancePath+"/xn_mv_ohm",schemaPath:"#/properties/xn_mv_ohm/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
var _valid8 = _errs114 === errors;
valid9 = valid9 || _valid8;
if(!valid9){
const _errs116 = errors;
if(data39 !== null){
const err93 = {instancePath:instancePath+"/xn_mv_ohm",schemaPath:"#/properties/xn_mv_ohm/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
var _valid8 = _errs116 === errors;
valid9 = valid9 || _valid8;
}
if(!valid9){
const err94 = {instancePath:instancePath+"/xn_mv_ohm",schemaPath:"#/properties/xn_mv_ohm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
else {
errors = _errs113;
if(vErrors !== null){
if(_errs113){
vErrors.length = _errs113;
}
else {
vErrors = null;
}
}
}
}
if(data.xn_lv_ohm !== undefined){
let data40 = data.xn_lv_ohm;
const _errs119 = errors;
let valid10 = false;
const _errs120 = errors;
if(!(typeof data40 == "number")){
const err95 = {instancePath:instancePath+"/xn_lv_ohm",schemaPath:"#/properties/xn_lv_ohm/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
var _valid9 = _errs120 === errors;
valid10 = valid10 || _valid9;
if(!valid10){
const _errs122 = errors;
if(data40 !== null){
const err96 = {instancePath:instancePath+"/xn_lv_ohm",schemaPath:"#/properties/xn_lv_ohm/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
var _valid9 = _errs122 === errors;
valid10 = valid10 || _valid9;
}
if(!valid10){
const err97 = {instancePath:instancePath+"/xn_lv_ohm",schemaPath:"#/properties/xn_lv_ohm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
else {
errors = _errs119;
if(vErrors !== null){
if(_errs119){
vErrors.length = _errs119;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err98 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
validate27.errors = vErrors;
return errors === 0;
}
