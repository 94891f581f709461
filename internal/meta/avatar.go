package meta

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"sync"
	"time"
)

// AvatarPath is where the service serves the profile picture of agent personas.
const AvatarPath = "/webhooks/meta/persona.png"

var avatar = sync.OnceValue(func() []byte {
	const size = 128
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	bg, fg := color.RGBA{0x1f, 0x6f, 0xeb, 0xff}, color.RGBA{0xff, 0xff, 0xff, 0xff}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			img.Set(x, y, bg)
			// a simple head-and-shoulders silhouette
			dx, dy := x-size/2, y-46
			head := dx*dx+dy*dy <= 22*22
			sx, sy := x-size/2, y-128
			body := sy <= 0 && sx*sx+sy*sy <= 48*48
			if head || body {
				img.Set(x, y, fg)
			}
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
})

// AvatarHandler serves the persona profile picture: Meta needs a public image URL to create a
// persona, and this keeps the service self-contained.
func AvatarHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		http.ServeContent(w, r, "persona.png", time.Time{}, bytes.NewReader(avatar()))
	})
}
