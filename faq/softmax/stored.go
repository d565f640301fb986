package softmax

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"
	"slices"
)

// Training takes most of a start-up, so a model trained ahead of time can
// be shipped beside the code: a file named for the fingerprint of what it
// was trained on. TrainStored uses it when the examples are the same, and
// trains otherwise, so a stale or missing file costs time, never a wrong
// model.

// Fingerprint identifies a training run: the number of classes, the
// training settings and every example in order. Train gives the same
// model for the same fingerprint.
func Fingerprint(k int, data []Example) string {
	h := sha256.New()
	var buf [8]byte
	num := func(v uint64) {
		binary.LittleEndian.PutUint64(buf[:], v)
		h.Write(buf[:])
	}
	h.Write([]byte("softmax v2"))
	num(uint64(k))
	num(trainEpochs)
	num(math.Float64bits(learnRate))
	num(math.Float64bits(l2))
	num(uint64(len(data)))
	for _, ex := range data {
		// An example's features form a set: they are summed by a hash
		// each, in any order, rather than sorted.
		var sum, sum2 uint64
		for f, v := range ex.X {
			fh := fnv.New64a()
			fh.Write([]byte(f))
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			fh.Write(buf[:])
			x := fh.Sum64()
			sum += x
			sum2 += x * (x | 1)
		}
		num(uint64(ex.Label))
		num(uint64(len(ex.X)))
		num(sum)
		num(sum2)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// FileName is the name under which the model trained on data is stored.
func FileName(k int, data []Example) string { return Fingerprint(k, data) + ".model" }

// TrainStored returns the model stored in dir under the fingerprint of
// k and data, or trains one when there is none or it cannot be read. name
// is the file the model is, or would be, stored under.
func TrainStored(k int, data []Example, dir fs.FS) (m *Model, name string) {
	name = FileName(k, data)
	if m, ok := Stored(dir, name, k); ok {
		return m, name
	}
	return Train(k, data), name
}

// Stored returns the model with k classes stored in dir under name, if
// there is one that reads. The caller vouches that name identifies the
// training data, as FileName does.
func Stored(dir fs.FS, name string, k int) (*Model, bool) {
	if dir == nil {
		return nil, false
	}
	b, err := fs.ReadFile(dir, name)
	if err != nil {
		return nil, false
	}
	var m Model
	if err := m.UnmarshalBinary(b); err != nil || m.k != k {
		return nil, false
	}
	return &m, true
}

const magic = "faqbot softmax 1\n"

// MarshalBinary encodes the model: its classes, its features in row
// order, then the weights and biases as IEEE 754 bits, so that a decoded
// model predicts exactly as the encoded one.
func (c *Model) MarshalBinary() ([]byte, error) {
	names := make([]string, len(c.feature))
	for f, row := range c.feature {
		names[row] = f
	}
	var b bytes.Buffer
	b.WriteString(magic)
	b.Write(binary.AppendUvarint(nil, uint64(c.k)))
	b.Write(binary.AppendUvarint(nil, uint64(len(names))))
	for _, f := range names {
		b.Write(binary.AppendUvarint(nil, uint64(len(f))))
		b.WriteString(f)
	}
	for _, v := range slices.Concat(c.w, c.bias) {
		b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
	}
	return b.Bytes(), nil
}

// UnmarshalBinary decodes a model written by MarshalBinary.
func (c *Model) UnmarshalBinary(data []byte) error {
	r := bytes.NewReader(data)
	if !bytes.HasPrefix(data, []byte(magic)) {
		return errors.New("softmax: not a model file")
	}
	r.Seek(int64(len(magic)), 0)
	k, err := binary.ReadUvarint(r)
	if err != nil || k == 0 || k > 1<<16 {
		return fmt.Errorf("softmax: bad class count: %w", err)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(len(data)) {
		return fmt.Errorf("softmax: bad feature count: %w", err)
	}
	feature := make(map[string]int, n)
	for row := range int(n) {
		l, err := binary.ReadUvarint(r)
		if err != nil || l > uint64(r.Len()) {
			return fmt.Errorf("softmax: bad feature name: %w", err)
		}
		name := make([]byte, l)
		r.Read(name)
		feature[string(name)] = row
	}
	vals := make([]float64, (n+1)*k)
	if uint64(r.Len()) != uint64(len(vals))*8 {
		return errors.New("softmax: weights do not match the header")
	}
	var buf [8]byte
	for i := range vals {
		r.Read(buf[:])
		vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[:]))
	}
	*c = Model{k: int(k), feature: feature, w: vals[: n*k : n*k], bias: vals[n*k:]}
	return nil
}
