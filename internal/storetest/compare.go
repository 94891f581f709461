package storetest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// diff describes the first difference between want and got, or returns "".
// Times compare with Equal, raw JSON by meaning, numbers across types by value,
// and nil slices and maps equal empty ones.
func diff(want, got any) string {
	return diffValue("", reflect.ValueOf(want), reflect.ValueOf(got))
}

func diffValue(path string, w, g reflect.Value) string {
	if !w.IsValid() || !g.IsValid() {
		if w.IsValid() != g.IsValid() {
			return fmt.Sprintf("%s: want %v, got %v", show(path), describe(w), describe(g))
		}
		return ""
	}
	if w.Type() != g.Type() {
		if wf, ok := number(w); ok {
			if gf, ok := number(g); ok && wf == gf {
				return ""
			}
		}
		return fmt.Sprintf("%s: want %v (%s), got %v (%s)", show(path), describe(w), w.Type(), describe(g), g.Type())
	}
	switch w.Type() {
	case timeType:
		wt, gt := w.Interface().(time.Time), g.Interface().(time.Time)
		if !wt.Equal(gt) {
			return fmt.Sprintf("%s: want time %s, got %s", show(path), wt.Format(time.RFC3339Nano), gt.Format(time.RFC3339Nano))
		}
		return ""
	case rawType:
		wr, gr := w.Interface().(json.RawMessage), g.Interface().(json.RawMessage)
		var wv, gv any
		if len(wr) > 0 {
			if err := json.Unmarshal(wr, &wv); err != nil {
				return fmt.Sprintf("%s: want is not JSON: %v", show(path), err)
			}
		}
		if len(gr) > 0 {
			if err := json.Unmarshal(gr, &gv); err != nil {
				return fmt.Sprintf("%s: got is not JSON: %v", show(path), err)
			}
		}
		if !reflect.DeepEqual(wv, gv) {
			return fmt.Sprintf("%s: want JSON %s, got %s", show(path), wr, gr)
		}
		return ""
	}
	switch w.Kind() {
	case reflect.Pointer:
		if w.IsNil() || g.IsNil() {
			if w.IsNil() != g.IsNil() {
				return fmt.Sprintf("%s: want %v, got %v", show(path), describe(w), describe(g))
			}
			return ""
		}
		return diffValue(path, w.Elem(), g.Elem())
	case reflect.Interface:
		if w.IsNil() || g.IsNil() {
			if w.IsNil() != g.IsNil() {
				return fmt.Sprintf("%s: want %v, got %v", show(path), describe(w), describe(g))
			}
			return ""
		}
		return diffValue(path, w.Elem(), g.Elem())
	case reflect.Slice, reflect.Array:
		if w.Len() != g.Len() {
			return fmt.Sprintf("%s: want %d elements, got %d: %v", show(path), w.Len(), g.Len(), describe(g))
		}
		for i := range w.Len() {
			if d := diffValue(fmt.Sprintf("%s[%d]", path, i), w.Index(i), g.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if w.Len() != g.Len() {
			return fmt.Sprintf("%s: want %d entries, got %d: %v", show(path), w.Len(), g.Len(), describe(g))
		}
		for _, k := range w.MapKeys() {
			gv := g.MapIndex(k)
			if !gv.IsValid() {
				return fmt.Sprintf("%s: missing key %v", show(path), k)
			}
			if d := diffValue(fmt.Sprintf("%s[%v]", path, k), w.MapIndex(k), gv); d != "" {
				return d
			}
		}
		return ""
	case reflect.Struct:
		for i := range w.NumField() {
			f := w.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if d := diffValue(path+"."+f.Name, w.Field(i), g.Field(i)); d != "" {
				return d
			}
		}
		return ""
	}
	if w.Interface() != g.Interface() {
		return fmt.Sprintf("%s: want %#v, got %#v", show(path), w.Interface(), g.Interface())
	}
	return ""
}

// number returns v as float64 when it holds a number.
func number(v reflect.Value) (float64, bool) {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	}
	return 0, false
}

func describe(v reflect.Value) string {
	if !v.IsValid() {
		return "nothing"
	}
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface || v.Kind() == reflect.Map || v.Kind() == reflect.Slice) && v.IsNil() {
		return "nil"
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Sprintf("%#v", v.Interface())
	}
	return string(b)
}

func show(path string) string {
	if path == "" {
		return "value"
	}
	return path
}
