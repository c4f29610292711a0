package io.agentry.knowledge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The bytes of an uploaded file, kept apart from the item so listing items never loads them. */
@Entity
@Table(name = "knowledge_files")
public class ItemFile {

    @Id
    @Column(name = "item_id")
    private UUID itemId;
    private byte[] data;

    protected ItemFile() {
    }

    ItemFile(UUID itemId, byte[] data) {
        this.itemId = itemId;
        this.data = data;
    }

    public byte[] getData() { return data; }
}
