package seed

import (
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

func (l *loader) loadCategories(categories []categoryInput) error {
	for i, c := range categories {
		a := entry("categories", i, c.Name)
		parent, err := l.topLevelParent(a, c.ParentCategoryID)
		if err != nil {
			return err
		}
		if err := l.category(a, c, parent); err != nil {
			return err
		}
	}
	return nil
}

// categoryRow is what a child category needs of its parent.
type categoryRow struct {
	ID    string  `db:"id"`
	Mpath *string `db:"mpath"`
}

// topLevelParent resolves the parent_category_id a top-level entry may give
// to hang under an existing category; nil for a root category.
func (l *loader) topLevelParent(a at, id string) (*categoryRow, error) {
	if id == "" {
		return nil, nil
	}
	var p categoryRow
	found, err := l.lookup(a, &p, "SELECT id, mpath FROM product_category WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, a.key("parent_category_id").notFound("ProductCategory with id: %s was not found", id)
	}
	return &p, nil
}

// category creates a category under parent, then its category_children, as
// the seed's createProductCategory does. Medusa's ProductCategoryService
// ranks a new category after its siblings (a given rank is ignored) and
// TypeORM's materialized path is the ancestors' ids and its own, each
// followed by a dot.
func (l *loader) category(a at, in categoryInput, parent *categoryRow) error {
	if in.Name == "" {
		return a.key("name").invalid("name is required")
	}
	if parent != nil && in.ParentCategoryID != "" && in.ParentCategoryID != parent.ID {
		return a.key("parent_category_id").invalid("a category in category_children belongs to the category it is listed under (%s), not %s",
			parent.ID, in.ParentCategoryID)
	}
	handle := in.Handle
	if handle == "" {
		handle = kebabCase(in.Name) // ProductCategory's BeforeInsert
	}
	taken, err := l.exists(a, "SELECT id FROM product_category WHERE handle = ?", handle)
	if err != nil {
		return err
	}
	if taken {
		return a.duplicate("Product category with handle %s already exists.", handle)
	}
	id, err := l.newID(a, "product_category", "Product category", in.ID, ids.ProductCategory)
	if err != nil {
		return err
	}
	row := model.ProductCategory{
		ID: id, Name: in.Name, Handle: handle, Description: in.Description, Metadata: in.Metadata,
		IsActive: ptr(boolOr(in.IsActive, true)), IsInternal: ptr(boolOr(in.IsInternal, false)),
		CreatedAt: l.now, UpdatedAt: l.now,
	}
	mpath := id + "."
	if parent != nil {
		row.ParentCategoryID = &parent.ID
		if parent.Mpath != nil {
			mpath = *parent.Mpath + mpath
		}
	}
	row.Mpath = &mpath
	if row.Rank, err = l.siblingCount(a, parent); err != nil {
		return err
	}
	if err := l.insert(a, "product_category", &row); err != nil {
		return err
	}
	self := &categoryRow{ID: id, Mpath: &mpath}
	for j, c := range in.Children {
		if err := l.category(a.child("category_children", j, c.Name), c, self); err != nil {
			return err
		}
	}
	return nil
}

// siblingCount is the rank ProductCategoryService.create gives a new category.
func (l *loader) siblingCount(a at, parent *categoryRow) (int64, error) {
	var n int64
	var err error
	if parent == nil {
		_, err = l.lookup(a, &n, "SELECT COUNT(*) FROM product_category WHERE parent_category_id IS NULL")
	} else {
		_, err = l.lookup(a, &n, "SELECT COUNT(*) FROM product_category WHERE parent_category_id = ?", parent.ID)
	}
	return n, err
}

// categoryByRef resolves a product's category reference: an id, else a handle.
func (l *loader) categoryByRef(a at, ref string) (string, error) {
	var id string
	found, err := l.lookup(a, &id, "SELECT id FROM product_category WHERE id = ? OR handle = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1",
		ref, ref, ref)
	if err != nil {
		return "", err
	}
	if !found {
		return "", a.notFound("ProductCategory with id or handle %s was not found", ref)
	}
	return id, nil
}

func (l *loader) loadCollections(collections []collectionInput) error {
	for i, c := range collections {
		if err := l.collection(entry("product_collections", i, c.Title), c); err != nil {
			return err
		}
	}
	return nil
}

// collection creates a product collection; like ProductCollection's
// BeforeInsert, a missing handle is the kebab-cased title.
func (l *loader) collection(a at, in collectionInput) error {
	if in.Title == "" {
		return a.key("title").invalid("title is required")
	}
	handle := in.Handle
	if handle == "" {
		handle = kebabCase(in.Title)
	}
	taken, err := l.exists(a, "SELECT id FROM product_collection WHERE handle = ? AND deleted_at IS NULL", handle)
	if err != nil {
		return err
	}
	if taken {
		return a.duplicate("Product collection with handle %s already exists.", handle)
	}
	id, err := l.newID(a, "product_collection", "Product collection", in.ID, ids.ProductCollection)
	if err != nil {
		return err
	}
	return l.insert(a, "product_collection", &model.ProductCollection{
		ID: id, Title: in.Title, Handle: &handle, Metadata: in.Metadata, CreatedAt: l.now, UpdatedAt: l.now,
	})
}

func ptr[T any](v T) *T { return &v }
